// MD5 is the portal digest Nuxeo signs with by default; the tests sign like a portal.
#pragma warning disable CA5351

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Chain;
using Gatehouse.Secrets;
using Gatehouse.Tests.Fakes;

namespace Gatehouse.Tests.Plugins;

public sealed class PortalAuthenticatorTests : CredentialAuthenticatorContractTests, IDisposable
{
    private const string Secret = "nuxeo5secretkey";
    private readonly TestServices _services;

    public PortalAuthenticatorTests()
    {
        _services = TestServices.Create();
        _services.Secrets.Set(SecretNames.PortalSsoSecret, Secret);
    }

    private string Now => _services.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    protected override string ValidUserName => "bob";

    public void Dispose() => _services.Dispose();

    protected override IAuthenticator CreateAuthenticator() => _services.Plugin(AuthenticatorNames.Portal);

    protected override AuthRequest WithoutCredentials() => Requests.Get();

    protected override AuthRequest WithValidCredentials() => Signed(Now, "random", "bob", Secret);

    protected override IEnumerable<AuthRequest> WithMalformedCredentials() =>
    [
        Portal("not-a-number", "rd", "bob", "token"),
        Portal(Now, "rd", "bob", "short"),
        Portal(Now, "rd", "bob", "8y4yXfms/iKge/OtG6d2zg=="),
        Portal(Now, "rd", "bob", "éééééééééééééééééééééééé"),
    ];

    protected override IEnumerable<AuthRequest> WithGarbage(string value)
    {
        var ts = Now;
        var token = Token(ts, "rd", Secret, "bob", MD5.HashData);
        return
        [
            Portal(value, "rd", "bob", token),
            Portal(ts, value, "bob", token),
            Portal(ts, "rd", value, token),
            Portal(ts, "rd", "bob", value),
            Signed(ts, value, value, Secret),
        ];
    }

    /// <summary>SPEC §5.3's vectors; the first is Nuxeo's documented check.</summary>
    [Theory]
    [InlineData("MD5", "1324572561000", "qwertyuiop", "secret", "8y4yXfms/iKge/OtG6d2zg==")]
    [InlineData("MD5", "1538167025822", "31415abcdef", "some_secret", "13/PMDal0Bzq3LnyICLcfQ==")]
    [InlineData("SHA-1", "1538167025822", "31415abcdef", "some_secret", "0d2699yAx8Oz8jKq3m/ntI+Nhgs=")]
    [InlineData("SHA", "1538167025822", "31415abcdef", "some_secret", "0d2699yAx8Oz8jKq3m/ntI+Nhgs=")]
    [InlineData("SHA-256", "1538167025822", "31415abcdef", "some_secret", "aQWWi7TPe9HOT/Hws7WfPvNuiDzgsiluVbloZWvvl2E=")]
    [InlineData("sha-512", "1538167025822", "31415abcdef", "some_secret", "yS+e7Gb/FK9cxFjPyrxXLHfm6BLtXESO0xk+lTGWbcReqXvQZq4/bKtvBoGKR8VIw4KDlehnNzD/zICnw5JCKg==")]
    public async Task Spec_test_vectors_authenticate_bob(string algorithm, string ts, string rd, string secret, string token)
    {
        var signedAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ts, CultureInfo.InvariantCulture));
        using var services = TestServices.CreateAt(signedAt, null, $"Gatehouse:Plugins:PORTAL_AUTH:DigestAlgorithm={algorithm}");
        services.Secrets.Set(SecretNames.PortalSsoSecret, secret);

        var result = await services.Plugin(AuthenticatorNames.Portal).AuthenticateAsync(Portal(ts, rd, "bob", token));

        Assert.Equal(AuthOutcome.Success, result.Outcome);
        Assert.Equal(new Identity("bob", AuthenticatorNames.Portal), result.Identity);
    }

    [Theory]
    [InlineData("NX_TS")]
    [InlineData("NX_RD")]
    [InlineData("NX_USER")]
    [InlineData("NX_TOKEN")]
    public async Task Any_missing_header_is_no_result(string missing)
    {
        var ts = Now;
        var headers = new[] { ("NX_TS", ts), ("NX_RD", "rd"), ("NX_USER", "bob"), ("NX_TOKEN", Token(ts, "rd", Secret, "bob", MD5.HashData)) }
            .Where(h => h.Item1 != missing).ToArray();

        var result = await CreateAuthenticator().AuthenticateAsync(Requests.Get("/", headers));

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Fact]
    public async Task Signature_for_another_user_fails()
    {
        var ts = Now;

        var result = await CreateAuthenticator().AuthenticateAsync(Portal(ts, "rd", "Administrator", Token(ts, "rd", Secret, "bob", MD5.HashData)));

        Assert.Equal("bad signature", result.Reason);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1000")]
    [InlineData("+1000")]
    [InlineData(" 1000")]
    [InlineData("1e12")]
    [InlineData("1324572561000.5")]
    [InlineData("99999999999999999999")]
    [InlineData("9223372036854775807")]
    [InlineData("٣٤٥")]
    public async Task Non_numeric_or_absurd_timestamp_fails(string ts)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Portal(ts, "rd", "bob", Token(ts, "rd", Secret, "bob", MD5.HashData)));

        Assert.Equal(AuthOutcome.Fail, result.Outcome);
        Assert.Equal("malformed timestamp", result.Reason);
    }

    [Theory]
    [InlineData(-3600, AuthOutcome.Success, null)]
    [InlineData(-3601, AuthOutcome.Fail, "stale timestamp")]
    [InlineData(60, AuthOutcome.Success, null)]
    [InlineData(61, AuthOutcome.Fail, "timestamp in the future")]
    public async Task Timestamp_must_be_within_max_age_and_clock_skew(int offsetSeconds, AuthOutcome expected, string? reason)
    {
        var ts = _services.Time.GetUtcNow().AddSeconds(offsetSeconds).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        var result = await CreateAuthenticator().AuthenticateAsync(Signed(ts, "rd", "bob", Secret));

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public async Task Max_age_and_clock_skew_are_configurable()
    {
        using var services = TestServices.Create("Gatehouse:Plugins:PORTAL_AUTH:MaxAge=10", "Gatehouse:Plugins:PORTAL_AUTH:ClockSkew=0");
        services.Secrets.Set(SecretNames.PortalSsoSecret, Secret);
        var portal = services.Plugin(AuthenticatorNames.Portal);
        string At(int seconds) => services.Time.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        Assert.Equal("stale timestamp", (await portal.AuthenticateAsync(Signed(At(-11), "a", "bob", Secret))).Reason);
        Assert.Equal("timestamp in the future", (await portal.AuthenticateAsync(Signed(At(1), "b", "bob", Secret))).Reason);
        Assert.Equal(AuthOutcome.Success, (await portal.AuthenticateAsync(Signed(At(-10), "c", "bob", Secret))).Outcome);
    }

    [Fact]
    public async Task Previous_secret_is_accepted_during_rotation()
    {
        _services.Secrets.Set(SecretNames.PortalSsoSecret, "new-secret", Secret);

        var old = await CreateAuthenticator().AuthenticateAsync(Signed(Now, "a", "bob", Secret));
        var current = await CreateAuthenticator().AuthenticateAsync(Signed(Now, "b", "bob", "new-secret"));
        var other = await CreateAuthenticator().AuthenticateAsync(Signed(Now, "c", "bob", "retired-secret"));

        Assert.Equal(AuthOutcome.Success, old.Outcome);
        Assert.Equal(AuthOutcome.Success, current.Outcome);
        Assert.Equal("bad signature", other.Reason);
    }

    [Fact]
    public async Task Replayed_request_fails_and_its_claim_lasts_max_age()
    {
        var ts = Now;
        var request = Signed(ts, "once", "bob", Secret);

        var first = await CreateAuthenticator().AuthenticateAsync(request);
        var second = await CreateAuthenticator().AuthenticateAsync(request);

        Assert.Equal(AuthOutcome.Success, first.Outcome);
        Assert.Equal("replayed", second.Reason);
        var claim = Assert.Single(_services.Nonces.Claims);
        Assert.Equal(_services.Time.GetUtcNow().AddSeconds(3600), claim.Value);
        Assert.DoesNotContain("bob", claim.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_timestamp_with_another_random_is_not_a_replay()
    {
        var ts = Now;

        Assert.Equal(AuthOutcome.Success, (await CreateAuthenticator().AuthenticateAsync(Signed(ts, "one", "bob", Secret))).Outcome);
        Assert.Equal(AuthOutcome.Success, (await CreateAuthenticator().AuthenticateAsync(Signed(ts, "two", "bob", Secret))).Outcome);
    }

    [Fact]
    public async Task Replay_protection_can_be_switched_off()
    {
        using var services = TestServices.Create("Gatehouse:Plugins:PORTAL_AUTH:ReplayProtection=false");
        services.Secrets.Set(SecretNames.PortalSsoSecret, Secret);
        services.Nonces.Unavailable = true;
        var request = Signed(Now, "once", "bob", Secret);

        Assert.Equal(AuthOutcome.Success, (await services.Plugin(AuthenticatorNames.Portal).AuthenticateAsync(request)).Outcome);
        Assert.Equal(AuthOutcome.Success, (await services.Plugin(AuthenticatorNames.Portal).AuthenticateAsync(request)).Outcome);
    }

    [Fact]
    public async Task Bad_signature_claims_no_nonce()
    {
        await CreateAuthenticator().AuthenticateAsync(Signed(Now, "rd", "bob", "wrong-secret"));

        Assert.Empty(_services.Nonces.Claims);
    }

    [Fact]
    public async Task Vault_outage_is_thrown_but_stale_requests_fail_without_reading_the_vault()
    {
        _services.Secrets.Unavailable = true;
        var stale = _services.Time.GetUtcNow().AddHours(-2).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => CreateAuthenticator().AuthenticateAsync(WithValidCredentials()).AsTask());
        Assert.Equal("stale timestamp", (await CreateAuthenticator().AuthenticateAsync(Signed(stale, "rd", "bob", Secret))).Reason);
    }

    private static AuthRequest Signed(string ts, string rd, string user, string secret) =>
        Portal(ts, rd, user, Token(ts, rd, secret, user, MD5.HashData));

    private static AuthRequest Portal(string ts, string rd, string user, string token) =>
        Requests.Get("/api", ("NX_TS", ts), ("NX_RD", rd), ("NX_USER", user), ("NX_TOKEN", token));

    private static string Token(string ts, string rd, string secret, string user, Func<byte[], byte[]> digest) =>
        Convert.ToBase64String(digest(Encoding.UTF8.GetBytes($"{ts}:{rd}:{secret}:{user}")));
}
