using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>SPEC §8 against the published handler: each gateway convention for the original request, the answers and their headers.</summary>
public sealed class AuthorizeEndToEndTests(GatehouseFixture gatehouse) : IClassFixture<GatehouseFixture>
{
    private async Task<HttpResponseMessage> AuthorizeAsync(string method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await gatehouse.Client.SendAsync(request);
    }

    private async Task<string> TokenAsync(string permission)
    {
        using var response = await gatehouse.GetAsync($"/authentication/token?applicationName=authz&deviceId={Guid.NewGuid():N}&permission={permission}", gatehouse.AdminBasic());
        return await response.Content.ReadAsStringAsync();
    }

    private string Admin => gatehouse.AdminBasic().ToString();

    [Fact]
    public async Task Allow_carries_the_identity_headers()
    {
        using var response = await AuthorizeAsync("GET", "/authorize", ("Authorization", Admin), ("X-Original-URI", "/api/x"), ("X-Original-Method", "GET"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin", response.Headers.GetValues("Remote-User").Single());
        Assert.Equal("BASIC_AUTH", response.Headers.GetValues("Remote-Auth-Plugin").Single());
        Assert.Equal(GatehouseFixture.AdminEmail, response.Headers.GetValues("Remote-Email").Single());
        Assert.Contains("administrators", response.Headers.GetValues("Remote-Groups").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_report_their_permission()
    {
        var token = await TokenAsync("ReadWrite");
        using var response = await AuthorizeAsync("GET", "/authorize/api/x", ("X-Authentication-Token", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ReadWrite", response.Headers.GetValues("Remote-Token-Permission").Single());
    }

    [Theory]
    [InlineData("X-Original-Method", "X-Original-URI")]
    [InlineData("X-Forwarded-Method", "X-Forwarded-Uri")]
    public async Task Read_only_tokens_are_judged_on_the_original_method(string methodHeader, string uriHeader)
    {
        var token = await TokenAsync("readonly");

        using var write = await AuthorizeAsync("GET", "/authorize", ("X-Authentication-Token", token), (methodHeader, "PUT"), (uriHeader, "/api/doc"));
        using var read = await AuthorizeAsync("GET", "/authorize", ("X-Authentication-Token", token), (methodHeader, "GET"), (uriHeader, "/api/doc"));

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Envoy_style_uses_the_authorizer_requests_own_method_and_path_suffix()
    {
        var token = await TokenAsync("r");
        using var post = await AuthorizeAsync("POST", "/authorize/api/doc?x=1", ("X-Authentication-Token", token));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task The_token_query_parameter_of_the_original_uri_authenticates()
    {
        var token = await TokenAsync("rw");
        using var response = await AuthorizeAsync("GET", "/authorize", ("X-Original-URI", "/api/download?token=" + Uri.EscapeDataString(token)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Deny_is_401_with_the_challenge()
    {
        using var response = await AuthorizeAsync("GET", "/authorize", ("X-Original-URI", "/api/x"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Json_answers_carry_the_decision()
    {
        using var allowed = await AuthorizeAsync("GET", "/authorize", ("Authorization", Admin), ("Accept", "application/json"));
        using var denied = await AuthorizeAsync("GET", "/authorize", ("Accept", "application/json"));

        using var allow = JsonDocument.Parse(await allowed.Content.ReadAsStringAsync());
        Assert.True(allow.RootElement.GetProperty("allowed").GetBoolean());
        Assert.Equal("admin", allow.RootElement.GetProperty("user").GetString());
        Assert.Equal("BASIC_AUTH", allow.RootElement.GetProperty("plugin").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        using var deny = JsonDocument.Parse(await denied.Content.ReadAsStringAsync());
        Assert.False(deny.RootElement.GetProperty("allowed").GetBoolean());
        Assert.Equal("no credentials", deny.RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("X-Original-URI", "relative")]
    [InlineData("X-Original-URI", "/a%00b")]
    [InlineData("X-Original-URI", "ftp://host/x")]
    [InlineData("X-Original-Method", "G E T")]
    public async Task Malformed_original_requests_get_a_clear_400(string header, string value)
    {
        using var response = await AuthorizeAsync("GET", "/authorize", (header, value), ("Authorization", Admin));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Bad request:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dot_segments_cannot_reach_a_path_outside_an_open_url()
    {
        using var open = await AuthorizeAsync("GET", "/authorize", ("X-Original-URI", "/health"));
        using var escaped = await AuthorizeAsync("GET", "/authorize", ("X-Original-URI", "/health/../api/secret"));

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, escaped.StatusCode);
    }
}
