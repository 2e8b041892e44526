using System.Net;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>A Gatehouse whose authorizer reads the original request from one named source.</summary>
public abstract class OriginalRequestFixture(string source) : GatehouseFixture
{
    public async Task<string> TokenAsync(string permission)
    {
        using var response = await GetAsync($"/authentication/token?applicationName=authz&deviceId={Guid.NewGuid():N}&permission={permission}", AdminBasic());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Sends a request as the gateway would, with the function key where a host checks it.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in FunctionKeyHeader.Concat(headers))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    protected override Dictionary<string, string> Environment(string storageConnectionString)
    {
        var settings = base.Environment(storageConnectionString);
        settings["Gatehouse__Authorizer__OriginalRequest"] = source;
        return settings;
    }
}

public sealed class ForwardedModeFixture() : OriginalRequestFixture("XForwarded");

/// <summary>Path mode runs standalone only: under the Functions host it is refused at start (see <c>WorkerHost</c>).</summary>
public sealed class PathModeFixture() : OriginalRequestFixture("Path")
{
    public override HostingMode Mode => HostingMode.Standalone;
}

/// <summary>Traefik/Caddy mode (issue #10, item 5): only X-Forwarded-Method/-Uri count; a client's X-Original-* is ignored.</summary>
public sealed class ForwardedModeEndToEndTests(ForwardedModeFixture gatehouse) : IClassFixture<ForwardedModeFixture>
{
    [Fact]
    public async Task A_client_sent_x_original_uri_cannot_make_a_secret_path_look_open()
    {
        using var response = await gatehouse.SendAsync(HttpMethod.Get, "/authorize",
            ("X-Forwarded-Method", "GET"), ("X-Forwarded-Uri", "/api/secret"), ("X-Original-URI", "/health"), ("X-Original-Method", "GET"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_client_sent_x_original_method_cannot_turn_a_read_only_tokens_post_into_a_get()
    {
        var token = await gatehouse.TokenAsync("r");

        using var response = await gatehouse.SendAsync(HttpMethod.Get, "/authorize",
            ("X-Forwarded-Method", "POST"), ("X-Forwarded-Uri", "/api/doc"), ("X-Original-Method", "GET"), ("X-Authentication-Token", token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_forwarded_request_is_the_one_judged()
    {
        using var open = await gatehouse.SendAsync(HttpMethod.Get, "/authorize", ("X-Forwarded-Method", "GET"), ("X-Forwarded-Uri", "/health"));
        using var twice = await gatehouse.SendAsync(HttpMethod.Get, "/authorize", ("X-Forwarded-Method", "GET"), ("X-Forwarded-Method", "GET"), ("X-Forwarded-Uri", "/health"));

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
    }
}

/// <summary>Envoy mode (issue #10, items 4 and 5): the authorizer request's own method and path suffix, decoded once; headers ignored.</summary>
public sealed class PathModeEndToEndTests(PathModeFixture gatehouse) : IClassFixture<PathModeFixture>
{
    [Fact]
    public async Task Original_request_headers_are_ignored()
    {
        using var response = await gatehouse.SendAsync(HttpMethod.Post, "/authorize/api/secret", ("X-Original-Method", "GET"), ("X-Original-URI", "/health"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_read_only_token_is_judged_on_the_authorizer_requests_own_method()
    {
        var token = await gatehouse.TokenAsync("read");

        using var post = await gatehouse.SendAsync(HttpMethod.Post, "/authorize/api/doc?x=1", ("X-Authentication-Token", token), ("X-Original-Method", "GET"));
        using var get = await gatehouse.SendAsync(HttpMethod.Get, "/authorize/api/doc?x=1", ("X-Authentication-Token", token));

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task The_open_health_url_is_granted_by_its_own_path()
    {
        using var response = await gatehouse.SendAsync(HttpMethod.Get, "/authorize/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Under_the_functions_host_path_mode_refuses_to_start_naming_the_setting()
    {
        var settings = new Dictionary<string, string>
        {
            ["Gatehouse__Authorizer__OriginalRequest"] = "Path",
            ["Gatehouse__Storage__ConnectionString"] = AzuriteProcess.UnreachableConnectionString(),
            ["Gatehouse__Secrets__token-key"] = Convert.ToBase64String(new byte[32]),
        };

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GatehouseProcess.StartAsync(settings, HostingMode.Worker));

        Assert.Contains("Gatehouse:Authorizer:OriginalRequest: Path mode needs the standalone mode", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/authorize/..%2F..%2Ftokens")]
    [InlineData("/authorize/%2568ealth")]
    [InlineData("/authorize/%2e%2e/tokens")]
    [InlineData("/authorize/%2e%2e/")]
    [InlineData("/authorize/api/..%2Fhealth")]
    [InlineData("/authorize/api/../../health")]
    public async Task Only_decisions_answer_under_authorize_and_nothing_is_decoded_twice(string path)
    {
        var answer = await RawHttp.SendAsync(gatehouse.Handler.Port, $"GET {path} HTTP/1.1", gatehouse.FunctionKeyHeader);

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("Bad request:", answer.Body, StringComparison.Ordinal);
    }
}
