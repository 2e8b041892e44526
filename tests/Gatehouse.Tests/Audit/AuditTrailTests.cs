// MD5 is the portal digest Nuxeo signs with by default; the tests sign like a portal.
#pragma warning disable CA5351

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Audit;
using Gatehouse.Chain;
using Gatehouse.Mfa;
using Gatehouse.Regulation;
using Gatehouse.Secrets;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Mfa;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Gatehouse.Tests.Audit;

/// <summary>
/// Every kind of audit event, recorded by the decorators as the app wires them (over fakes, the audit sink a
/// collecting fake): who it is about, who did it and through which path, and nothing secret in it.
/// </summary>
public sealed class AuditTrailTests : IDisposable
{
    private const string PortalSecret = "nuxeo5secretkey";

    private readonly TestServices _services;

    public AuditTrailTests()
    {
        _services = TestServices.Create();
        _services.Users.Add("alice", "alice-password-1", "alice@example.com").Add("mallory", "mallory-password", enabled: false);
        _services.Secrets.Set(SecretNames.MfaKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        _services.Secrets.Set(SecretNames.PortalSsoSecret, PortalSecret);
    }

    private IReadOnlyList<AuditEvent> Events => _services.Audit.Events;

    private ITokenService Tokens => _services.Provider.GetRequiredService<ITokenService>();

    private IUserDirectory Users => _services.Provider.GetRequiredService<IUserDirectory>();

    private IGroupDirectory Groups => _services.Provider.GetRequiredService<IGroupDirectory>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Tokens_issued_handed_out_again_renewed_and_revoked_are_recorded_with_actor_and_path_but_never_the_token()
    {
        var scope = AuditScope.Begin(AuditVia.TokenApi);
        scope.Actor = "admin";
        var request = new TokenRequest("alice", "cli", "laptop", "work", "ReadWrite");

        var issued = await Tokens.AcquireAsync(request);
        var again = await Tokens.AcquireAsync(request);
        await Tokens.ReissueAsync("alice", issued.Binding.Id);
        await Tokens.RenewAsync("alice", issued.Binding.Id);
        await Tokens.RevokeByIdAsync("alice", issued.Binding.Id);
        await Tokens.AcquireAsync(request with { DeviceId = "phone" });
        await Tokens.RevokeAsync("alice", "cli", "phone");
        await Tokens.AcquireAsync(request with { DeviceId = "tablet" });
        await Tokens.RevokeAllAsync("alice");
        Assert.False(await Tokens.RevokeByIdAsync("alice", "no-such-id"));

        Assert.Equal(
            [AuditEventTypes.TokenIssued, AuditEventTypes.TokenReissued, AuditEventTypes.TokenReissued, AuditEventTypes.TokenRenewed, AuditEventTypes.TokenRevoked,
             AuditEventTypes.TokenIssued, AuditEventTypes.TokenRevoked, AuditEventTypes.TokenIssued, AuditEventTypes.TokenRevoked],
            Events.Select(e => e.Type));
        Assert.All(Events, e => Assert.Equal(("alice", "admin", AuditVia.TokenApi), (e.User, e.Actor, e.Via)));
        Assert.Contains("application cli, device laptop, binding " + issued.Binding.Id, Events[0].Detail, StringComparison.Ordinal);
        Assert.Equal("all 1 token(s)", Events[^1].Detail);
        Assert.All(Events, e => Assert.DoesNotContain(issued.Token, e.ToString(), StringComparison.Ordinal));
        Assert.Equal(issued.Token, again.Token);
    }

    [Fact]
    public async Task Outside_a_request_an_event_is_internal_with_no_actor()
    {
        await Tokens.AcquireAsync(new TokenRequest("alice", "cli", "laptop", null, "ReadWrite"));

        var issued = Assert.Single(Events);
        Assert.Equal((AuditVia.Internal, null), (issued.Via, issued.Actor));
        Assert.Equal(_services.Time.GetUtcNow(), issued.At);
    }

    [Theory]
    [InlineData(CredentialContext.SignIn)]
    [InlineData(CredentialContext.Handshake)]
    public async Task Password_sign_ins_at_the_sign_in_and_the_handshake_are_recorded_successes_and_failures(CredentialContext context)
    {
        var basic = _services.Plugin(AuthenticatorNames.Basic);

        await basic.AuthenticateAsync(Requests.To(context, "/api/v1/token", Basic("alice", "alice-password-1")));
        await basic.AuthenticateAsync(Requests.To(context, "/api/v1/token", Basic("alice@example.com", "wrong-password-2")));
        await basic.AuthenticateAsync(Requests.To(context, "/api/v1/token", Basic("mallory", "mallory-password")));

        Assert.Equal(
            [(AuditEventTypes.SignInSucceeded, "alice", "password"), (AuditEventTypes.SignInFailed, "alice@example.com", "invalid credentials"), (AuditEventTypes.SignInFailed, "mallory", "disabled user")],
            Events.Select(e => (e.Type, e.User, e.Detail)));
        AssertNoSecrets("alice-password-1", "wrong-password-2", "mallory-password");
    }

    [Fact]
    public async Task Basic_on_an_api_request_is_not_recorded_every_call_of_a_tool_would_flood_the_trail()
    {
        var basic = _services.Plugin(AuthenticatorNames.Basic);

        Assert.Equal(AuthOutcome.Success, (await basic.AuthenticateAsync(Requests.To(CredentialContext.Api, "/api/v1/token", Basic("alice", "alice-password-1")))).Outcome);
        Assert.Equal(AuthOutcome.Fail, (await basic.AuthenticateAsync(Requests.To(CredentialContext.Api, "/api/v1/token", Basic("alice", "nope")))).Outcome);

        Assert.Empty(Events);
    }

    [Fact]
    public async Task A_ban_is_recorded_for_the_user_its_login_names_and_an_address_ban_for_no_user()
    {
        var bans = _services.Provider.GetRequiredService<IBanStore>();

        await bans.BanAsync(Regulator.LoginKey("Alice"), _services.Time.GetUtcNow().AddMinutes(5));
        await bans.BanAsync("address:203.0.113.7", _services.Time.GetUtcNow().AddMinutes(5));

        Assert.Equal([(AuditEventTypes.Banned, "alice"), (AuditEventTypes.Banned, null)], Events.Select(e => (e.Type, e.User)));
        Assert.StartsWith("address:203.0.113.7 until ", Events[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_sign_ins_that_trip_regulation_record_the_failures_and_the_ban()
    {
        var basic = _services.Plugin(AuthenticatorNames.Basic);
        for (var i = 0; i < 3; i++)
        {
            await basic.AuthenticateAsync(Requests.To(CredentialContext.SignIn, "/api/v1/token", Basic("alice", "guess-" + i)));
        }

        var throttled = await basic.AuthenticateAsync(Requests.To(CredentialContext.SignIn, "/api/v1/token", Basic("alice", "alice-password-1")));

        Assert.NotNull(throttled.RetryAfter);
        Assert.Contains(Events, e => e is { Type: AuditEventTypes.Banned, User: "alice" });
        Assert.Equal(4, Events.Count(e => e.Type == AuditEventTypes.SignInFailed));
        AssertNoSecrets("guess-0", "guess-1", "guess-2", "alice-password-1");
    }

    [Fact]
    public async Task Second_factor_enrolment_recovery_codes_disable_and_an_administrators_reset_are_recorded_without_codes()
    {
        var mfa = _services.Provider.GetRequiredService<ISecondFactor>();
        var alice = SecondFactorTests.PrincipalOf("alice", "alice@example.com");
        var enrolment = (await mfa.BeginEnrolmentAsync(alice))!;
        var secret = Base32Encoding.ToBytes(enrolment.Key.Replace(" ", string.Empty, StringComparison.Ordinal));
        var step = TotpCodes.StepAt(_services.Time.GetUtcNow());

        var confirmed = await mfa.ConfirmEnrolmentAsync(alice, TotpCodes.Compute(secret, step));
        var replaced = await mfa.ReplaceRecoveryCodesAsync(alice, confirmed.RecoveryCodes![0]);
        Assert.True((await mfa.DisableAsync(alice, TotpCodes.Compute(secret, step + 1))).IsAccepted);
        await mfa.ConfirmEnrolmentAsync(alice, "000000");
        Assert.False(await mfa.ResetAsync("alice", "admin"));
        var again = (await mfa.BeginEnrolmentAsync(alice))!;
        Assert.True(await mfa.ResetAsync("alice", "admin"));

        Assert.Equal(
            [(AuditEventTypes.SecondFactorEnrolled, "alice"), (AuditEventTypes.SecondFactorRecoveryCodesReplaced, "alice"), (AuditEventTypes.SecondFactorDisabled, "alice"), (AuditEventTypes.SecondFactorReset, "admin")],
            Events.Select(e => (e.Type, e.Actor)));
        Assert.Equal("with a recovery code", Events[1].Detail);
        AssertNoSecrets([enrolment.Key.Replace(" ", string.Empty, StringComparison.Ordinal), again.Key.Replace(" ", string.Empty, StringComparison.Ordinal), .. confirmed.RecoveryCodes!, .. replaced.RecoveryCodes!]);
    }

    [Fact]
    public async Task User_changes_are_recorded_by_field_name_never_with_the_password()
    {
        var scope = AuditScope.Begin(AuditVia.DirectoryApi);
        scope.Actor = "admin";

        Assert.True(await Users.CreateAsync(new NewUser("bob", "bob-initial-password", "bob@example.com", Groups: ["staff"])));
        Assert.Equal(UserUpdateResult.Updated, await Users.UpdateAsync("bob", new UserUpdate(FirstName: "Bob", Password: "bob-second-password", JoinGroups: ["ops"])));
        Assert.True(await Users.SetEnabledAsync("bob", false));
        Assert.True(await Users.SetEnabledAsync("bob", true));
        Assert.True(await Users.SetPasswordAsync("bob", "bob-third-password"));
        Assert.True(await Users.DeleteAsync("bob"));
        Assert.False(await Users.DeleteAsync("bob"));

        Assert.Equal(
            [AuditEventTypes.UserCreated, AuditEventTypes.UserUpdated, AuditEventTypes.UserDisabled, AuditEventTypes.UserEnabled, AuditEventTypes.UserPasswordChanged, AuditEventTypes.UserDeleted],
            Events.Select(e => e.Type));
        Assert.All(Events, e => Assert.Equal(("bob", "admin", AuditVia.DirectoryApi), (e.User, e.Actor, e.Via)));
        Assert.Equal("enabled, groups staff", Events[0].Detail);
        Assert.Equal("changed firstName, password, joined [ops]", Events[1].Detail);
        AssertNoSecrets("bob-initial-password", "bob-second-password", "bob-third-password");
    }

    [Fact]
    public async Task Group_changes_are_recorded_about_no_user()
    {
        Assert.True((await Groups.CreateAsync(new Group("staff", "Staff", null, []))).Succeeded);
        Assert.False((await Groups.CreateAsync(new Group("STAFF", null, null, []))).Succeeded);
        Assert.True((await Groups.UpdateAsync("staff", new GroupUpdate(Label: "All staff"))).Succeeded);
        Assert.True(await Groups.DeleteAsync("staff"));

        Assert.Equal(
            [(AuditEventTypes.GroupCreated, "group staff"), (AuditEventTypes.GroupUpdated, "group staff"), (AuditEventTypes.GroupDeleted, "group staff")],
            Events.Select(e => (e.Type, e.Detail)));
        Assert.All(Events, e => Assert.Null(e.User));
    }

    [Fact]
    public async Task A_replayed_portal_signature_is_recorded_for_its_user_and_a_first_use_is_not()
    {
        var portal = _services.Plugin(AuthenticatorNames.Portal);
        var ts = _services.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var token = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes($"{ts}:rd:{PortalSecret}:alice")));
        AuthRequest Signed() => Requests.Get("/api", ("NX_TS", ts), ("NX_RD", "rd"), ("NX_USER", "alice"), ("NX_TOKEN", token));

        Assert.Equal(AuthOutcome.Success, (await portal.AuthenticateAsync(Signed())).Outcome);
        Assert.Empty(Events);

        var replayed = await portal.AuthenticateAsync(Signed());

        Assert.Equal(AuthOutcome.Fail, replayed.Outcome);
        var refused = Assert.Single(Events);
        Assert.Equal((AuditEventTypes.PortalReplayRefused, "alice"), (refused.Type, refused.User));
        AssertNoSecrets(token, PortalSecret);
    }

    [Fact]
    public void Every_event_type_has_a_test_here()
    {
        var source = File.ReadAllText(Path.Combine(Gatehouse.Testing.RepositoryRoot.Path, "tests", "Gatehouse.Tests", "Audit", "AuditTrailTests.cs"));
        var types = typeof(AuditEventTypes).GetFields().Where(f => f.IsLiteral).ToList();

        Assert.Equal(AuditEventTypes.All.Order(StringComparer.Ordinal), types.Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal));
        Assert.All(types, type => Assert.Matches(@"AuditEventTypes\." + type.Name + @"\b", source));
    }

    private static (string, string) Basic(string login, string password) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password)));

    private void AssertNoSecrets(params string[] secrets)
    {
        Assert.NotEmpty(Events);
        foreach (var auditEvent in Events)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, auditEvent.ToString(), StringComparison.Ordinal);
            }
        }
    }
}
