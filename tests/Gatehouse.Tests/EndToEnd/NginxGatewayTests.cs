using System.Net;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>Gatehouse + Debian nginx + an upstream: the shipped <c>auth_request</c> recipe, exercised for real.</summary>
public class NginxGatewayFixture : GatehouseFixture
{
    private EchoUpstream? _upstream;
    private NginxProcess? _nginx;

    public NginxProcess Nginx => _nginx ?? throw new InvalidOperationException("not started");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _upstream = await EchoUpstream.StartAsync();
        _nginx = await StartNginxAsync(_upstream.Port);
    }

    /// <summary>The nginx in front of <paramref name="upstreamPort"/>: the plain-HTTP recipe unless a fixture says otherwise.</summary>
    protected virtual Task<NginxProcess> StartNginxAsync(int upstreamPort) =>
        NginxProcess.StartAsync(Handler.Port, upstreamPort, Handler.FunctionKey ?? string.Empty);

    /// <summary>The protected API's port.</summary>
    public int UpstreamPort => _upstream?.Port ?? throw new InvalidOperationException("not started");

    public override async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>The nginx fixture with Gatehouse standalone, as a sidecar beside nginx.</summary>
public sealed class StandaloneNginxGatewayFixture : NginxGatewayFixture
{
    public override HostingMode Mode => HostingMode.Standalone;
}

/// <summary>nginx in front of the worker under the Functions host double (with the authorize function's key).</summary>
public sealed class NginxGatewayTests(NginxGatewayFixture gateway) : NginxGatewayContract<NginxGatewayFixture>(gateway), IClassFixture<NginxGatewayFixture>;

/// <summary>nginx in front of standalone Gatehouse.</summary>
public sealed class StandaloneNginxGatewayTests(StandaloneNginxGatewayFixture gateway) : NginxGatewayContract<StandaloneNginxGatewayFixture>(gateway), IClassFixture<StandaloneNginxGatewayFixture>;

/// <summary>What the shipped nginx recipe must do, whichever way Gatehouse runs behind it.</summary>
public abstract class NginxGatewayContract<TFixture>(TFixture gateway)
    where TFixture : NginxGatewayFixture
{
    protected TFixture Gateway => gateway;

    protected string AdminAuthorization => gateway.AdminBasic().ToString();

    protected Task<HttpResponseMessage> ThroughNginxAsync(HttpMethod method, string path, params (string Name, string Value)[] headers) =>
        SendAsync(gateway.Nginx, method, path, headers);

    protected static async Task<HttpResponseMessage> SendAsync(NginxProcess nginx, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await nginx.Client.SendAsync(request);
    }

    protected async Task<string> TokenAsync(string permission)
    {
        using var response = await gateway.GetAsync(
            $"/authentication/token?applicationName=gateway-test&deviceId={Guid.NewGuid():N}&permission={permission}",
            gateway.AdminBasic());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task No_credentials_get_401_with_the_challenge_passed_through()
    {
        using var response = await ThroughNginxAsync(HttpMethod.Get, "/api/things");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Basic_credentials_reach_the_upstream_with_identity_headers()
    {
        using var response = await ThroughNginxAsync(HttpMethod.Get, "/api/things?x=1", ("Authorization", AdminAuthorization));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await EchoUpstream.ReadEchoAsync(response);
        Assert.Equal("admin", seen["remote-user"]);
        Assert.Equal("BASIC_AUTH", seen["remote-auth-plugin"]);
        Assert.Equal(GatehouseFixture.AdminEmail, seen["remote-email"]);
        Assert.Contains("administrators", seen["remote-groups"], StringComparison.Ordinal);
        Assert.Equal("/api/things?x=1", seen["x-echo-path"]);
    }

    [Fact]
    public async Task Client_supplied_identity_headers_are_overwritten()
    {
        var token = await TokenAsync("ReadWrite");
        using var response = await ThroughNginxAsync(HttpMethod.Get, "/api/things",
            ("X-Authentication-Token", token), ("Remote-User", "mallory"), ("Remote-Groups", "administrators"), ("remote_user", "mallory"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await EchoUpstream.ReadEchoAsync(response);
        Assert.Equal("admin", seen["remote-user"]);
        Assert.Equal("TOKEN_AUTH", seen["remote-auth-plugin"]);
        Assert.Equal("ReadWrite", seen["remote-token-permission"]);
        Assert.False(seen.TryGetValue("remote_user", out var spoof) && spoof.Length > 0);
    }

    [Fact]
    public async Task A_forged_token_gets_401_and_never_reaches_the_upstream()
    {
        using var response = await ThroughNginxAsync(HttpMethod.Get, "/api/things", ("X-Authentication-Token", "gth_" + new string('A', 43)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("x-echo-path", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spoofed_identity_headers_without_credentials_are_refused()
    {
        using var response = await ThroughNginxAsync(HttpMethod.Get, "/api/things", ("Remote-User", "admin"), ("remote_user", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", HttpStatusCode.OK)]
    [InlineData("HEAD", HttpStatusCode.OK)]
    [InlineData("OPTIONS", HttpStatusCode.OK)]
    [InlineData("POST", HttpStatusCode.Forbidden)]
    [InlineData("DELETE", HttpStatusCode.Forbidden)]
    public async Task Read_only_tokens_may_only_read(string method, HttpStatusCode expected)
    {
        var token = await TokenAsync("r");
        using var response = await ThroughNginxAsync(new HttpMethod(method), "/api/things", ("X-Authentication-Token", token));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_banned_login_gets_429_with_its_retry_after_through_nginx()
    {
        var intruder = GatehouseFixture.Basic("intruder-" + Guid.NewGuid().ToString("N")[..8], "guess").ToString();
        for (var i = 0; i < 3; i++)
        {
            using var refused = await ThroughNginxAsync(HttpMethod.Get, "/api/things", ("Authorization", intruder));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var banned = await ThroughNginxAsync(HttpMethod.Get, "/api/things", ("Authorization", intruder));

        Assert.Equal(HttpStatusCode.TooManyRequests, banned.StatusCode);
        Assert.InRange(banned.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.StartsWith("Too many requests", await banned.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_original_request_gets_400_through_nginx_not_503()
    {
        // Invalid UTF-8 once decoded: nginx passes it on, Gatehouse refuses to match patterns against it.
        using var response = await ThroughNginxAsync(HttpMethod.Get, "/api/%C3%28", ("Authorization", AdminAuthorization));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var device = Guid.NewGuid().ToString("N");
        using var acquired = await gateway.GetAsync($"/authentication/token?applicationName=gw&deviceId={device}&permission=rw", gateway.AdminBasic());
        var token = await acquired.Content.ReadAsStringAsync();
        using (var before = await ThroughNginxAsync(HttpMethod.Get, "/api", ("X-Authentication-Token", token)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoked = await gateway.GetAsync($"/authentication/token?applicationName=gw&deviceId={device}&revoke=true", gateway.AdminBasic());
        Assert.Equal(HttpStatusCode.Accepted, revoked.StatusCode);

        using var after = await ThroughNginxAsync(HttpMethod.Get, "/api", ("X-Authentication-Token", token));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}

public sealed class NginxAmbiguousPathTests(NginxGatewayFixture gateway) : IClassFixture<NginxGatewayFixture>
{
    [Theory]
    [InlineData("/api/admin/users/..%2F..%2F..%2Fhealth")]
    [InlineData("/api/x/%2e%2e/%2e%2e/health")]
    [InlineData("/api/x/%252e%252e/health")]
    public async Task Encoded_escapes_from_a_protected_path_never_reach_the_upstream_without_identity(string path)
    {
        // As curl --path-as-is sends it: nginx forwards this raw URI upstream, and asks Gatehouse about it.
        var answer = await RawHttp.SendAsync(gateway.Nginx.Port, $"GET {path} HTTP/1.1");

        Assert.NotEqual(200, answer.Status);
        Assert.DoesNotContain("x-echo-path", answer.Body, StringComparison.Ordinal);
    }
}

/// <summary>A gateway of its own: stopping in-memory Azurite loses its data, so no other test may share it.</summary>
public sealed class NginxOutageFixture : NginxGatewayFixture;

public sealed class NginxOutageTests(NginxOutageFixture gateway) : IClassFixture<NginxOutageFixture>
{
    [Fact]
    public async Task Storage_outage_reaches_the_client_as_503_not_401_or_500()
    {
        await gateway.Azurite.StopAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api");
        request.Headers.TryAddWithoutValidation("Authorization", $"Basic {Convert.ToBase64String("someone-new:pw"u8.ToArray())}");
        using var response = await gateway.Nginx.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
