using System.Net;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Plugins;

public sealed class ProxyAuthenticatorTests : CredentialAuthenticatorContractTests, IDisposable
{
    private const string Section = "Gatehouse:Plugins:PROXY_AUTH";
    private static readonly IPAddress Proxy = IPAddress.Parse("10.1.2.3");
    private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.9");

    private readonly TestServices _services = TestServices.Create(
        $"{Section}:TrustedProxies:0=10.0.0.0/8",
        $"{Section}:TrustedProxies:1=2001:db8::/32",
        $"{Section}:UsernameUnwantedPartExpression=@EXAMPLE\\.COM$");

    protected override string ValidUserName => "bob";

    public void Dispose() => _services.Dispose();

    protected override IAuthenticator CreateAuthenticator() => _services.Plugin(AuthenticatorNames.Proxy);

    protected override AuthRequest WithoutCredentials() => From(Proxy);

    protected override AuthRequest WithValidCredentials() => From(Proxy, ("remote_user", "bob@EXAMPLE.COM"));

    protected override IEnumerable<AuthRequest> WithMalformedCredentials() =>
    [
        From(Proxy, ("remote_user", "@EXAMPLE.COM")),
        From(Proxy, ("remote_user", "   ")),
        From(Proxy, ("remote_user", string.Empty)),
    ];

    protected override IEnumerable<AuthRequest> WithGarbage(string value) =>
    [
        From(Proxy, ("remote_user", value)),
        From(Stranger, ("remote_user", value)),
    ];

    [Fact]
    public async Task Header_from_an_untrusted_peer_is_ignored_with_a_warning()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(From(Stranger, ("remote_user", "Administrator")));

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
        var warning = Assert.Single(_services.Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("203.0.113.9", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Administrator", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_trust_configured_nobody_is_trusted()
    {
        using var services = TestServices.Create();

        var result = await services.Plugin(AuthenticatorNames.Proxy).AuthenticateAsync(From(Proxy, ("remote_user", "bob")));

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Fact]
    public async Task Request_without_a_peer_address_is_untrusted()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(From(null, ("remote_user", "bob")));

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Theory]
    [InlineData("10.255.0.1", AuthOutcome.Success)]
    [InlineData("::ffff:10.0.0.7", AuthOutcome.Success)]
    [InlineData("2001:db8::1", AuthOutcome.Success)]
    [InlineData("11.0.0.1", AuthOutcome.NoResult)]
    [InlineData("2001:db9::1", AuthOutcome.NoResult)]
    [InlineData("127.0.0.1", AuthOutcome.NoResult)]
    public async Task Peer_must_be_within_trusted_networks(string peer, AuthOutcome expected)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(From(IPAddress.Parse(peer), ("remote_user", "bob")));

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public async Task Single_address_is_a_trusted_network_of_one()
    {
        using var services = TestServices.Create($"{Section}:TrustedProxies:0=192.0.2.10");
        var proxy = services.Plugin(AuthenticatorNames.Proxy);

        Assert.Equal(AuthOutcome.Success, (await proxy.AuthenticateAsync(From(IPAddress.Parse("192.0.2.10"), ("remote_user", "bob")))).Outcome);
        Assert.Equal(AuthOutcome.NoResult, (await proxy.AuthenticateAsync(From(IPAddress.Parse("192.0.2.11"), ("remote_user", "bob")))).Outcome);
    }

    [Theory]
    [InlineData("10.0.0.5", AuthOutcome.Success)]
    [InlineData("203.0.113.9, 10.0.0.5", AuthOutcome.Success)]
    [InlineData("10.0.0.5, 203.0.113.9", AuthOutcome.NoResult)]
    [InlineData("203.0.113.9", AuthOutcome.NoResult)]
    [InlineData("not-an-address", AuthOutcome.NoResult)]
    [InlineData("10.0.0.5:4711", AuthOutcome.Success)]
    public async Task With_forwarded_for_the_last_forwarded_address_is_judged(string forwardedFor, AuthOutcome expected)
    {
        using var services = TestServices.Create(
            $"{Section}:TrustedProxies:0=10.0.0.0/24",
            $"{Section}:TrustedProxies:1=172.16.0.1",
            $"{Section}:UseForwardedFor=true");
        var gateway = IPAddress.Parse("172.16.0.1");

        var result = await services.Plugin(AuthenticatorNames.Proxy).AuthenticateAsync(From(gateway, ("remote_user", "bob"), ("X-Forwarded-For", forwardedFor)));

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public async Task Forwarded_for_is_not_believed_from_an_untrusted_peer()
    {
        using var services = TestServices.Create($"{Section}:TrustedProxies:0=10.0.0.0/24", $"{Section}:UseForwardedFor=true");

        var result = await services.Plugin(AuthenticatorNames.Proxy).AuthenticateAsync(From(Stranger, ("remote_user", "bob"), ("X-Forwarded-For", "10.0.0.5")));

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Theory]
    [InlineData("0123456789abcdef-secret", AuthOutcome.Success)]
    [InlineData("0123456789abcdef-secreT", AuthOutcome.NoResult)]
    [InlineData("short", AuthOutcome.NoResult)]
    [InlineData(null, AuthOutcome.NoResult)]
    public async Task Shared_secret_header_must_match(string? presented, AuthOutcome expected)
    {
        using var services = TestServices.Create($"{Section}:SharedSecretHeader=X-Proxy-Secret", $"{Section}:SharedSecret=0123456789abcdef-secret");
        var headers = presented is null ? [("remote_user", "bob")] : new[] { ("remote_user", "bob"), ("X-Proxy-Secret", presented) };

        var result = await services.Plugin(AuthenticatorNames.Proxy).AuthenticateAsync(From(Stranger, headers));

        Assert.Equal(expected, result.Outcome);
    }

    [Theory]
    [InlineData("10.0.0.1", "0123456789abcdef-secret", AuthOutcome.Success)]
    [InlineData("10.0.0.1", "wrong", AuthOutcome.NoResult)]
    [InlineData("203.0.113.9", "0123456789abcdef-secret", AuthOutcome.NoResult)]
    public async Task With_networks_and_secret_both_must_hold(string peer, string secret, AuthOutcome expected)
    {
        using var services = TestServices.Create(
            $"{Section}:TrustedProxies:0=10.0.0.0/8",
            $"{Section}:SharedSecretHeader=X-Proxy-Secret",
            $"{Section}:SharedSecret=0123456789abcdef-secret");

        var result = await services.Plugin(AuthenticatorNames.Proxy).AuthenticateAsync(From(IPAddress.Parse(peer), ("remote_user", "bob"), ("X-Proxy-Secret", secret)));

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public async Task Header_name_is_configurable()
    {
        using var services = TestServices.Create($"{Section}:TrustedProxies:0=10.0.0.0/8", $"{Section}:SsoHeaderName=X-Remote-User");
        var proxy = services.Plugin(AuthenticatorNames.Proxy);

        Assert.Equal("alice", (await proxy.AuthenticateAsync(From(Proxy, ("x-remote-user", "alice")))).Identity?.UserName);
        Assert.Equal(AuthOutcome.NoResult, (await proxy.AuthenticateAsync(From(Proxy, ("remote_user", "alice")))).Outcome);
    }

    [Fact]
    public async Task Catastrophic_unwanted_part_expression_times_out_and_fails()
    {
        using var services = TestServices.Create(
            $"{Section}:TrustedProxies:0=10.0.0.0/8",
            $"{Section}:UsernameUnwantedPartExpression=(.*a){{20}}$",
            $"{Section}:RegexTimeout=00:00:00.050");

        var result = await services.Plugin(AuthenticatorNames.Proxy).AuthenticateAsync(From(Proxy, ("remote_user", new string('a', 40) + "!")));

        Assert.Equal("user name pattern timed out", result.Reason);
    }

    private static AuthRequest From(IPAddress? peer, params (string, string)[] headers) => Requests.Make("GET", "/api", null, peer, headers);
}
