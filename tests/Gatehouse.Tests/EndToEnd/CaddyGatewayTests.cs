using System.Net;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// Gatehouse + Debian's Caddy (<c>forward_auth</c>, Traefik-style X-Forwarded-Method/-Uri) + an upstream: the
/// shipped <c>gateways/caddy/Caddyfile</c>, run for real, with Gatehouse in <c>XForwarded</c> mode.
/// </summary>
public sealed class CaddyGatewayFixture : GatehouseFixture
{
    private EchoUpstream? _upstream;
    private CaddyProcess? _caddy;

    public CaddyProcess Caddy => _caddy ?? throw new InvalidOperationException("not started");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _upstream = await EchoUpstream.StartAsync();
        _caddy = await CaddyProcess.StartAsync(Handler.Port, _upstream.Port, Handler.FunctionKey ?? string.Empty);
    }

    public override async Task DisposeAsync()
    {
        if (_caddy is not null)
        {
            await _caddy.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override Dictionary<string, string> Environment(string storageConnectionString)
    {
        var settings = base.Environment(storageConnectionString);
        settings["Gatehouse__Authorizer__OriginalRequest"] = "XForwarded";
        return settings;
    }
}

public sealed class CaddyGatewayTests(CaddyGatewayFixture gateway) : IClassFixture<CaddyGatewayFixture>
{
    private async Task<HttpResponseMessage> ThroughCaddyAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await gateway.Caddy.Client.SendAsync(request);
    }

    private async Task<string> TokenAsync(string permission)
    {
        using var response = await gateway.GetAsync($"/authentication/token?applicationName=caddy-test&deviceId={Guid.NewGuid():N}&permission={permission}", gateway.AdminBasic());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task No_credentials_get_401_with_the_challenge_passed_through()
    {
        using var response = await ThroughCaddyAsync(HttpMethod.Get, "/api/things");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Basic_credentials_reach_the_upstream_with_identity_headers()
    {
        using var response = await ThroughCaddyAsync(HttpMethod.Get, "/api/things?x=1", ("Authorization", gateway.AdminBasic().ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await EchoUpstream.ReadEchoAsync(response);
        Assert.Equal("admin", seen["remote-user"]);
        Assert.Equal("BASIC_AUTH", seen["remote-auth-plugin"]);
        Assert.Contains("administrators", seen["remote-groups"], StringComparison.Ordinal);
        Assert.Equal(string.Empty, seen["remote-token-permission"]);
        Assert.Equal("/api/things?x=1", seen["x-echo-path"]);
    }

    [Fact]
    public async Task Client_supplied_identity_headers_are_replaced_by_gatehouses()
    {
        var token = await TokenAsync("rw");
        using var response = await ThroughCaddyAsync(HttpMethod.Get, "/api/things",
            ("X-Authentication-Token", token), ("Remote-User", "mallory"), ("Remote-Groups", "administrators"), ("Remote-Email", "m@evil.test"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await EchoUpstream.ReadEchoAsync(response);
        Assert.Equal("admin", seen["remote-user"]);
        Assert.Equal(GatehouseFixture.AdminEmail, seen["remote-email"]);
        Assert.Equal("ReadWrite", seen["remote-token-permission"]);
    }

    [Fact]
    public async Task Spoofed_remote_user_without_credentials_is_refused()
    {
        using var response = await ThroughCaddyAsync(HttpMethod.Get, "/api/things", ("Remote-User", "admin"), ("remote_user", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_client_sent_x_original_uri_cannot_open_a_secret_path()
    {
        using var response = await ThroughCaddyAsync(HttpMethod.Get, "/api/secret", ("X-Original-URI", "/health"), ("X-Original-Method", "GET"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_client_sent_x_original_method_cannot_turn_a_read_only_post_into_a_get()
    {
        var token = await TokenAsync("r");

        using var post = await ThroughCaddyAsync(HttpMethod.Post, "/api/doc", ("X-Authentication-Token", token), ("X-Original-Method", "GET"), ("X-Forwarded-Method", "GET"));
        using var get = await ThroughCaddyAsync(HttpMethod.Get, "/api/doc", ("X-Authentication-Token", token));

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task An_open_url_passes_without_credentials()
    {
        using var response = await ThroughCaddyAsync(HttpMethod.Get, "/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await EchoUpstream.ReadEchoAsync(response);
        Assert.Equal(string.Empty, seen["remote-user"]);
    }
}
