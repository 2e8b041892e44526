// MD5 is the portal digest Nuxeo signs with by default; the tests sign like a portal.
#pragma warning disable CA5351

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Gatehouse.Audit;
using Gatehouse.Chain;
using Gatehouse.Mfa;
using Gatehouse.Regulation;
using Gatehouse.Secrets;
using Gatehouse.Storage;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Mfa;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtpNet;

namespace Gatehouse.Tests.Audit;

/// <summary>The audit table on Azurite: what is stored (never a secret), one user's events in one partition, the everyone view, paging.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableAuditStoreTests(AzuriteFixture azurite)
{
    private readonly StorageTestContext _context = new(azurite);

    private DateTimeOffset Now => _context.Time.GetUtcNow();

    [Fact]
    public async Task Every_event_type_is_stored_and_no_column_holds_a_token_a_password_a_hash_or_a_code()
    {
        var sink = new FakeAuditSink();
        var secrets = new List<string>();
        await RecordOnRealStoresAsync(sink, secrets);
        await RecordOnFakesAsync(sink, secrets);
        Assert.Equal(AuditEventTypes.All.Order(StringComparer.Ordinal), sink.Events.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));

        await Store().WriteAsync(sink.Events);

        var rows = await _context.ReadAllAsync(TableNames.Audit);
        Assert.Equal(sink.Events.Count + sink.Events.Count(e => e.User is not null), rows.Count);
        foreach (var row in rows)
        {
            foreach (var (column, value) in row)
            {
                var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                foreach (var secret in secrets)
                {
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{column} of a {row.GetString("Type")} row holds secret #{secrets.IndexOf(secret)} ({secret.Length} characters)");
                }
            }
        }
    }

    [Fact]
    public async Task One_users_events_come_newest_first_in_pages_whatever_the_case_of_the_name()
    {
        var store = Store();
        await store.WriteAsync([.. Enumerable.Range(0, 7).Select(i => Event(AuditEventTypes.TokenIssued, "Bob", Now.AddMinutes(-10 + i), "n" + i)), Event(AuditEventTypes.TokenIssued, "alice", Now, "alice")]);

        var first = await store.QueryAsync(new AuditQuery("bob", Now.AddDays(-1), null, null, 3));
        var second = await store.QueryAsync(new AuditQuery("BOB", Now.AddDays(-1), null, first.Next, 3));
        var last = await store.QueryAsync(new AuditQuery("bob", Now.AddDays(-1), null, second.Next, 3));

        Assert.Equal(["n6", "n5", "n4"], first.Events.Select(e => e.Detail));
        Assert.Equal(["n3", "n2", "n1"], second.Events.Select(e => e.Detail));
        Assert.Equal(["n0"], last.Events.Select(e => e.Detail));
        Assert.Null(last.Next);
        Assert.All(first.Events, e => Assert.Equal(("Bob", "admin", AuditVia.TokenApi), (e.User, e.Actor, e.Via)));
        Assert.Equal(Now.AddMinutes(-4), first.Events[0].At);
    }

    [Fact]
    public async Task Since_and_type_narrow_a_users_events()
    {
        var store = Store();
        await store.WriteAsync([
            Event(AuditEventTypes.SignInSucceeded, "bob", Now.AddHours(-3), "old"),
            Event(AuditEventTypes.SignInFailed, "bob", Now.AddHours(-1), "failed"),
            Event(AuditEventTypes.SignInSucceeded, "bob", Now.AddMinutes(-1), "recent"),
            Event(AuditEventTypes.SignInSucceeded, "bob", Now.AddHours(-2), "exactly since")]);

        var page = await store.QueryAsync(new AuditQuery("bob", Now.AddHours(-2), AuditEventTypes.SignInSucceeded, null, 10));

        Assert.Equal(["recent", "exactly since"], page.Events.Select(e => e.Detail));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task The_everyone_view_reads_every_users_events_and_those_about_no_user_across_months_newest_first()
    {
        var store = Store();
        await store.WriteAsync([
            Event(AuditEventTypes.GroupCreated, null, Now.AddDays(-40), "november"),
            Event(AuditEventTypes.TokenRevoked, "carol", Now.AddDays(-20), "december"),
            Event(AuditEventTypes.Banned, null, Now.AddMinutes(-5), "address"),
            Event(AuditEventTypes.TokenIssued, "bob", Now.AddMinutes(-1), "january")]);

        var first = await store.QueryAsync(new AuditQuery(null, Now.AddDays(-60), null, null, 3));
        var rest = await store.QueryAsync(new AuditQuery(null, Now.AddDays(-60), null, first.Next, 3));
        var recent = await store.QueryAsync(new AuditQuery(null, Now.AddDays(-30), null, null, 10));

        Assert.Equal(["january", "address", "december"], first.Events.Select(e => e.Detail));
        Assert.Equal(["november"], rest.Events.Select(e => e.Detail));
        Assert.Null(rest.Next);
        Assert.Equal(["january", "address", "december"], recent.Events.Select(e => e.Detail));
        Assert.Equal(["december"], (await store.QueryAsync(new AuditQuery("carol", Now.AddDays(-60), null, null, 10))).Events.Select(e => e.Detail));
    }

    [Fact]
    public async Task A_login_that_cannot_be_a_key_is_kept_in_the_everyone_view_only_and_cut()
    {
        var store = Store();
        var garbage = new string('x', 600) + "/#?\u0001";

        await store.WriteAsync([Event(AuditEventTypes.SignInFailed, garbage, Now, "invalid credentials")]);

        var stored = Assert.Single((await store.QueryAsync(new AuditQuery(null, Now.AddDays(-1), null, null, 10))).Events);
        Assert.Equal(garbage[..TableAuditStore.MaxUserLength], stored.User);
        Assert.Empty((await store.QueryAsync(new AuditQuery(garbage, Now.AddDays(-1), null, null, 10))).Events);
        Assert.Single(await _context.ReadAllAsync(TableNames.Audit));
    }

    [Theory]
    [InlineData("not-a-position")]
    [InlineData("0000000000000000000|' or PartitionKey ne ''")]
    [InlineData("9999999999999999999|0123456789abcdef")]
    public async Task A_page_position_the_store_never_gave_is_refused(string after)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store().QueryAsync(new AuditQuery("bob", Now.AddDays(-1), null, after, 10)));
    }

    private TableAuditStore Store() => new(_context.Tables, Options.Create(new AuditOptions()), _context.Time);

    private static AuditEvent Event(string type, string? user, DateTimeOffset at, string detail) => new(type, user, "admin", AuditVia.TokenApi, at, detail);

    /// <summary>Tokens and users on the real stores, through the auditing decorators: real tokens, passwords and hashes to look for.</summary>
    private async Task RecordOnRealStoresAsync(FakeAuditSink sink, List<string> secrets)
    {
        var trail = new AuditTrail(sink, _context.Time);
        var tokens = new AuditingTokenService(_context.Tokens, trail);
        var users = new AuditingUserDirectory(_context.Users, trail);

        Assert.True(await users.CreateAsync(new NewUser("dora", "dora-first-password", "dora@example.com")));
        Assert.Equal(UserUpdateResult.Updated, await users.UpdateAsync("dora", new UserUpdate(Password: "dora-second-password")));
        Assert.True(await users.SetPasswordAsync("dora", "dora-third-password"));
        var issued = await tokens.AcquireAsync(new TokenRequest("dora", "cli", "laptop", "work", "ReadWrite"));
        await tokens.AcquireAsync(new TokenRequest("dora", "cli", "laptop", "work", "ReadWrite"));
        await tokens.RenewAsync("dora", issued.Binding.Id);
        secrets.AddRange(["dora-first-password", "dora-second-password", "dora-third-password", issued.Token]);
        var hashes = (await _context.ReadAllAsync(TableNames.Users)).Select(row => row.GetString("PasswordHash")).OfType<string>().ToList();
        var tokenHashes = (await _context.ReadAllAsync(TableNames.TokenHashes)).Select(row => row.PartitionKey).ToList();
        Assert.NotEmpty(hashes);
        Assert.NotEmpty(tokenHashes);
        secrets.AddRange([.. hashes, .. tokenHashes]);
        await tokens.RevokeByIdAsync("dora", issued.Binding.Id);
        Assert.True(await users.SetEnabledAsync("dora", false));
        Assert.True(await users.SetEnabledAsync("dora", true));
        Assert.True(await users.DeleteAsync("dora"));
    }

    /// <summary>The other kinds, over the app's wiring on fakes: sign-ins, bans, second factors, groups, a portal replay.</summary>
    private static async Task RecordOnFakesAsync(FakeAuditSink sink, List<string> secrets)
    {
        using var services = TestServices.Create(s => s.AddSingleton<IAuditSink>(sink));
        const string portalSecret = "nuxeo5secretkey";
        services.Users.Add("erin", "erin-password-1", "erin@example.com");
        var mfaKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        services.Secrets.Set(SecretNames.MfaKey, mfaKey);
        services.Secrets.Set(SecretNames.PortalSsoSecret, portalSecret);

        var basic = services.Plugin(AuthenticatorNames.Basic);
        await basic.AuthenticateAsync(Requests.To(CredentialContext.SignIn, "/api/v1/token", Basic("erin", "erin-password-1")));

        var mfa = services.Provider.GetRequiredService<ISecondFactor>();
        var erin = SecondFactorTests.PrincipalOf("erin", "erin@example.com");
        var key = (await mfa.BeginEnrolmentAsync(erin))!.Key.Replace(" ", string.Empty, StringComparison.Ordinal);
        var secret = Base32Encoding.ToBytes(key);
        var step = TotpCodes.StepAt(services.Time.GetUtcNow());
        var enrolled = await mfa.ConfirmEnrolmentAsync(erin, TotpCodes.Compute(secret, step));
        var replaced = await mfa.ReplaceRecoveryCodesAsync(erin, enrolled.RecoveryCodes![0]);
        await mfa.DisableAsync(erin, TotpCodes.Compute(secret, step + 1));
        await mfa.BeginEnrolmentAsync(erin);
        await mfa.ResetAsync("erin", "admin");

        var groups = services.Provider.GetRequiredService<IGroupDirectory>();
        await groups.CreateAsync(new Group("staff", null, null, []));
        await groups.UpdateAsync("staff", new GroupUpdate(Label: "Staff"));
        await groups.DeleteAsync("staff");

        var portal = services.Plugin(AuthenticatorNames.Portal);
        var ts = services.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes($"{ts}:rd:{portalSecret}:erin")));
        for (var i = 0; i < 2; i++)
        {
            await portal.AuthenticateAsync(Requests.Get("/api", ("NX_TS", ts), ("NX_RD", "rd"), ("NX_USER", "erin"), ("NX_TOKEN", signature)));
        }

        // Last: the ban these trip would refuse the second factor's codes too.
        for (var i = 0; i < 3; i++)
        {
            await basic.AuthenticateAsync(Requests.To(CredentialContext.Handshake, "/authentication/token", Basic("erin", "erin-guess-" + i)));
        }

        secrets.AddRange(["erin-password-1", "erin-guess-0", "erin-guess-1", "erin-guess-2", key, mfaKey, portalSecret, signature, TotpCodes.Compute(secret, step)]);
        secrets.AddRange([.. enrolled.RecoveryCodes!, .. replaced.RecoveryCodes!]);
        Assert.Contains(sink.Events, e => e.Type == AuditEventTypes.Banned);
    }

    private static (string, string) Basic(string login, string password) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password)));
}
