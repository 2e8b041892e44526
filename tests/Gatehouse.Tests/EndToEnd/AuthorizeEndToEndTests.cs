using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>SPEC §8 against the published handler in its default mode (nginx's X-Original-*): the answers, their headers, and the refusals.</summary>
public sealed class AuthorizeEndToEndTests(GatehouseFixture gatehouse) : IClassFixture<GatehouseFixture>
{
    private async Task<string> TokenAsync(string permission)
    {
        using var response = await gatehouse.GetAsync($"/authentication/token?applicationName=authz&deviceId={Guid.NewGuid():N}&permission={permission}", gatehouse.AdminBasic());
        return await response.Content.ReadAsStringAsync();
    }

    private (string, string) Admin => ("Authorization", gatehouse.AdminBasic().ToString());

    [Fact]
    public async Task Allow_carries_the_identity_headers()
    {
        using var response = await gatehouse.AuthorizeAsync("GET", "/api/x", Admin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin", response.Headers.GetValues("Remote-User").Single());
        Assert.Equal("BASIC_AUTH", response.Headers.GetValues("Remote-Auth-Plugin").Single());
        Assert.Equal(GatehouseFixture.AdminEmail, response.Headers.GetValues("Remote-Email").Single());
        Assert.Contains("administrators", response.Headers.GetValues("Remote-Groups").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_report_their_permission()
    {
        var token = await TokenAsync("rw");
        using var response = await gatehouse.AuthorizeAsync("GET", "/api/x", ("X-Authentication-Token", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ReadWrite", response.Headers.GetValues("Remote-Token-Permission").Single());
    }

    [Fact]
    public async Task Read_only_tokens_are_judged_on_the_original_method()
    {
        var token = await TokenAsync("readonly");

        using var write = await gatehouse.AuthorizeAsync("PUT", "/api/doc", ("X-Authentication-Token", token));
        using var read = await gatehouse.AuthorizeAsync("GET", "/api/doc", ("X-Authentication-Token", token));

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task The_token_query_parameter_of_the_original_uri_authenticates()
    {
        var token = await TokenAsync("rw");
        using var response = await gatehouse.AuthorizeAsync("GET", "/api/download?token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Deny_is_401_with_the_challenge()
    {
        using var response = await gatehouse.AuthorizeAsync("GET", "/api/x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Json_answers_carry_the_decision()
    {
        using var allowed = await gatehouse.AuthorizeAsync("GET", "/api/x", Admin, ("Accept", "application/json"));
        using var denied = await gatehouse.AuthorizeAsync("GET", "/api/x", ("Accept", "application/json"));

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
    [InlineData("GET", "relative")]
    [InlineData("GET", "/a%00b")]
    [InlineData("GET", "ftp://host/x")]
    [InlineData("G E T", "/api/x")]
    public async Task Malformed_original_requests_get_a_clear_400(string method, string uri)
    {
        using var response = await gatehouse.AuthorizeAsync(method, uri, Admin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Bad request:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/admin/users/..%2F..%2F..%2Fhealth")]
    [InlineData("/api/x/%2e%2e/%2e%2e/health")]
    [InlineData("/api/x/%2E%2E/health")]
    [InlineData("/%2568ealth")]
    [InlineData("/health/../api/secret")]
    [InlineData("/api\\..\\health")]
    [InlineData("http://gateway/api/x/../../health")]
    public async Task Paths_that_decode_differently_are_refused_not_matched_against_open_urls(string uri)
    {
        using var response = await gatehouse.AuthorizeAsync("GET", uri);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could read it differently", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_url_grants_only_its_canonical_path()
    {
        using var open = await gatehouse.AuthorizeAsync("GET", "/health");
        using var merged = await gatehouse.AuthorizeAsync("GET", "//health");

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, merged.StatusCode);
    }

    [Fact]
    public async Task Client_sent_forwarded_headers_cannot_choose_the_request_in_x_original_mode()
    {
        var token = await TokenAsync("r");

        using var uri = await gatehouse.AuthorizeAsync("GET", "/api/secret", ("X-Forwarded-Uri", "/health"), ("X-Forwarded-Method", "GET"));
        using var method = await gatehouse.AuthorizeAsync("POST", "/api/doc", ("X-Authentication-Token", token), ("X-Forwarded-Method", "GET"));

        Assert.Equal(HttpStatusCode.Unauthorized, uri.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, method.StatusCode);
    }

    [Theory]
    [InlineData("X-Original-Method", "GET")]
    [InlineData("X-Original-URI", "/health")]
    public async Task A_duplicated_original_request_header_is_never_honoured(string header, string value)
    {
        // Two header lines, as a gateway that appends instead of replacing would send them. Standalone sees both: 400.
        // The Functions host joins them into one value ("POST, GET": no method; "/api/secret, /health": not /health).
        var answer = await RawHttp.SendAsync(gatehouse.Handler.Port, "GET /authorize HTTP/1.1", [.. gatehouse.FunctionKeyHeader, ("X-Original-Method", "POST"), ("X-Original-URI", "/api/secret"), (header, value)]);

        Assert.Contains(answer.Status, new[] { 400, 401 });
        Assert.True(answer.Status == 400 || gatehouse.Mode == HostingMode.Worker, answer.Body);
    }

    [Fact]
    public async Task Without_the_configured_headers_the_gateway_gets_400_naming_them()
    {
        using var response = await gatehouse.GetAsync("/authorize/health", gatehouse.AdminBasic(), gatehouse.FunctionKeyHeader);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Original-Method and X-Original-URI", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
