using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary>A call reaches the worker's Kestrel as the client sent it, and its response comes back unchanged.</summary>
[Collection(BareWorkerCollectionDefinition.Name)]
public sealed class ProxyTests(BareWorkerFixture fixture)
{
    [Fact]
    public async Task Method_path_query_and_headers_reach_the_worker_as_sent()
    {
        using var request = Keyed(HttpMethod.Post, "secret/a%20b/c%2Bd?x=1&y=two%20words&x=3");
        request.Headers.Add("X-Custom", "one value");
        request.Headers.Add("X-Multi", ["first", "second"]);
        request.Headers.Add("Cookie", "session=abc");
        request.Content = new StringContent("{\"hello\":1}", System.Text.Encoding.UTF8, "application/json");

        using var response = await fixture.Client.SendAsync(request);

        var echo = await Echo.ReadAsync(response);
        Assert.Equal("POST", echo.Method);
        Assert.Equal("/secret/a b/c+d", echo.Path);
        Assert.Equal("?x=1&y=two%20words&x=3", echo.Query);
        Assert.Equal("one value", echo.Header("X-Custom"));
        Assert.Equal("first, second", echo.Header("X-Multi"));
        Assert.Equal("session=abc", echo.Header("Cookie"));
        Assert.Equal("application/json; charset=utf-8", echo.Header("Content-Type"));
        Assert.Equal(11, echo.BodyLength);
    }

    [Fact]
    public async Task The_worker_sees_the_client_host_scheme_and_address_through_X_Forwarded_headers_it_cannot_be_given()
    {
        using var request = Keyed(HttpMethod.Get, "secret/forwarded");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        using var response = await fixture.Client.SendAsync(request);

        var echo = await Echo.ReadAsync(response);
        Assert.Equal($"127.0.0.1:{fixture.Host.Port}", echo.Host);
        Assert.Equal("http", echo.Scheme);
        Assert.Equal("127.0.0.1", echo.RemoteIp);
        // The worker's forwarded-headers middleware keeps what it replaced: the worker's own Kestrel address.
        Assert.StartsWith("localhost:", echo.Header("X-Original-Host"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invocation_id_header_pairs_the_request_with_its_InvocationRequest()
    {
        using var response = await fixture.Client.SendAsync(Keyed(HttpMethod.Get, "secret/pairing"));

        var echo = await Echo.ReadAsync(response);
        Assert.True(Guid.TryParse(echo.InvocationId, out _));
        Assert.Equal(echo.InvocationId, echo.Header("x-ms-invocation-id"));
    }

    [Fact]
    public async Task Binding_data_carries_route_values_query_parameters_and_the_query_and_headers_as_the_host_sends_them()
    {
        using var request = Keyed(HttpMethod.Get, "secret/some/where?color=blue");
        request.Headers.Add("X-Custom", "v");

        using var response = await fixture.Client.SendAsync(request);

        var data = (await Echo.ReadAsync(response)).BindingData;
        Assert.Equal("some/where", data["rest"]);
        Assert.Equal("blue", data["color"]);
        Assert.Contains("\"color\":\"blue\"", data["Query"], StringComparison.Ordinal);
        Assert.Contains("\"X-Custom\":\"v\"", data["Headers"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_response_status_headers_and_body_come_back_unchanged()
    {
        using var response = await fixture.Client.SendAsync(Keyed(HttpMethod.Get, "secret/teapot?status=418"));

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("secret", response.Headers.GetValues("X-Echo-Function").Single());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("/secret/teapot", (await Echo.ReadAsync(response)).Path);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_large_body_streams_to_the_worker_and_back_with_or_without_a_content_length(bool withLength)
    {
        var body = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);
        using var request = Keyed(HttpMethod.Post, "secret/large?echo=body");
        request.Content = withLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-test");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-test", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_client_that_sends_its_own_invocation_id_keeps_it_as_on_the_host_and_the_worker_cannot_pair_it()
    {
        using var request = Keyed(HttpMethod.Get, "secret/hijack");
        request.Headers.Add("x-ms-invocation-id", Guid.NewGuid().ToString());

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    private HttpRequestMessage Keyed(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", fixture.Host.Keys.DefaultFunctionKey);
        return request;
    }

    /// <summary>A body HttpClient cannot measure, so it goes out chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
