using System.Net;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// nginx asking a Gatehouse that serves TLS, with the shipped <c>nginx-https.conf.template</c>: Gatehouse standalone on
/// https with a certificate for localhost from a CA of the test's own, as the deployed app (httpsOnly) is reached.
/// Beside the gateway under test, two that must refuse that Gatehouse: one trusting another CA, one expecting another name.
/// </summary>
public sealed class HttpsNginxGatewayFixture : NginxGatewayFixture
{
    /// <summary>What nginx sends as <c>x-functions-key</c>: standalone checks no key, so any value shows where it goes.</summary>
    public const string FunctionKey = "test-function-key-never-for-the-upstream";

    private readonly TestCertificateAuthority _authority = TestCertificateAuthority.Create("Gatehouse test CA");
    private readonly TestCertificateAuthority _otherAuthority = TestCertificateAuthority.Create("Some other CA");
    private readonly int _httpsPort = FreePort.Next();
    private NginxProcess? _untrusting;
    private NginxProcess? _expectingAnotherName;

    public override HostingMode Mode => HostingMode.Standalone;

    /// <summary>The recipe trusting only another CA than the one that issued Gatehouse's certificate.</summary>
    public NginxProcess UntrustingNginx => _untrusting ?? throw new InvalidOperationException("not started");

    /// <summary>The recipe trusting the right CA but expecting Gatehouse under a name its certificate does not hold.</summary>
    public NginxProcess NginxExpectingAnotherName => _expectingAnotherName ?? throw new InvalidOperationException("not started");

    protected override int? HttpsPort => _httpsPort;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _untrusting = await NginxProcess.StartHttpsAsync(_httpsPort, "localhost", _otherAuthority.CertificatePath, UpstreamPort, FunctionKey);
        _expectingAnotherName = await NginxProcess.StartHttpsAsync(_httpsPort, "gatehouse.example.test", _authority.CertificatePath, UpstreamPort, FunctionKey);
    }

    public override async Task DisposeAsync()
    {
        if (_untrusting is not null)
        {
            await _untrusting.DisposeAsync();
        }

        if (_expectingAnotherName is not null)
        {
            await _expectingAnotherName.DisposeAsync();
        }

        await base.DisposeAsync();
        _authority.Dispose();
        _otherAuthority.Dispose();
    }

    protected override Task<NginxProcess> StartNginxAsync(int upstreamPort) =>
        NginxProcess.StartHttpsAsync(_httpsPort, "localhost", _authority.CertificatePath, upstreamPort, FunctionKey);

    protected override Dictionary<string, string> Environment(string storageConnectionString)
    {
        var settings = base.Environment(storageConnectionString);
        var (certificate, key) = _authority.IssueLoopbackServerCertificate();
        settings["Kestrel__Certificates__Default__Path"] = certificate;
        settings["Kestrel__Certificates__Default__KeyPath"] = key;
        return settings;
    }
}

/// <summary>Everything the plain recipe does, over TLS; then what only TLS adds.</summary>
public sealed class HttpsNginxGatewayTests(HttpsNginxGatewayFixture gateway)
    : NginxGatewayContract<HttpsNginxGatewayFixture>(gateway), IClassFixture<HttpsNginxGatewayFixture>
{
    [Fact]
    public async Task The_function_key_goes_to_the_authorizer_only_never_to_the_upstream()
    {
        using var response = await ThroughNginxAsync(HttpMethod.Get, "/api/things", ("Authorization", AdminAuthorization));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await EchoUpstream.ReadEchoAsync(response);
        Assert.Equal("admin", seen["remote-user"]);
        Assert.DoesNotContain("x-functions-key", seen.Keys);
        Assert.DoesNotContain(HttpsNginxGatewayFixture.FunctionKey, seen.Values);
    }

    [Fact]
    public async Task A_gatehouse_certificate_from_an_untrusted_authority_fails_closed_with_503()
    {
        using var response = await SendAsync(Gateway.UntrustingNginx, HttpMethod.Get, "/api/things", ("Authorization", AdminAuthorization));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain("x-echo-path", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("upstream SSL certificate verify error", Gateway.UntrustingNginx.ErrorLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gatehouse_certificate_for_another_name_fails_closed_with_503()
    {
        using var response = await SendAsync(Gateway.NginxExpectingAnotherName, HttpMethod.Get, "/api/things", ("Authorization", AdminAuthorization));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain("x-echo-path", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("upstream SSL certificate does not match \"gatehouse.example.test\"", Gateway.NginxExpectingAnotherName.ErrorLog, StringComparison.Ordinal);
    }
}
