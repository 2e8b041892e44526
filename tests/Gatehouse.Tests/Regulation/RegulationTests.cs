using System.Net;
using System.Text;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;

namespace Gatehouse.Tests.Regulation;

/// <summary>
/// SPEC §10's regulation through the chain as the app wires it (cache, regulation, directory), on a fake clock:
/// Authelia's tries, window and ban, per login and per client address, and what a ban never touches.
/// </summary>
public sealed class RegulationTests : IDisposable
{
    private const string Attacker = "198.51.100.7";

    private TestServices _services = Create();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Three_wrong_passwords_ban_the_login_and_then_even_the_right_one_is_not_checked()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(DecisionKind.Unauthenticated, (await DecideAsync("bob", "wrong")).Kind);
        }

        var banned = await DecideAsync("bob", "pw");

        Assert.Equal(DecisionKind.Throttled, banned.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), banned.RetryAfter);
        Assert.Equal(3, _services.Users.VerifyCalls);
    }

    [Fact]
    public async Task The_retry_hint_is_what_is_left_of_the_ban()
    {
        await FailAsync("bob", 3);
        _services.Time.Advance(TimeSpan.FromSeconds(100));

        Assert.Equal(TimeSpan.FromSeconds(200), (await DecideAsync("bob", "pw")).RetryAfter);
    }

    [Fact]
    public async Task A_ban_ends_after_the_ban_time()
    {
        await FailAsync("bob", 3);

        _services.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(DecisionKind.Throttled, (await DecideAsync("bob", "pw")).Kind);
        _services.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("bob", "pw")).Kind);
    }

    [Fact]
    public async Task Failures_further_apart_than_the_find_time_do_not_ban()
    {
        await FailAsync("bob", 1);
        _services.Time.Advance(TimeSpan.FromSeconds(61));
        await FailAsync("bob", 1);
        _services.Time.Advance(TimeSpan.FromSeconds(60));
        await FailAsync("bob", 1);

        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("bob", "pw")).Kind);
    }

    [Fact]
    public async Task A_login_counts_whatever_its_case()
    {
        foreach (var login in (string[])["bob", "BOB", "Bob"])
        {
            await DecideAsync(login, "wrong");
        }

        Assert.Equal(DecisionKind.Throttled, (await DecideAsync("bOb", "pw")).Kind);
    }

    [Fact]
    public async Task A_users_name_and_email_count_as_one_login_and_are_banned_together()
    {
        await DecideAsync("bob", "wrong");
        await DecideAsync("bob@example.com", "wrong");
        await DecideAsync("BOB", "wrong", from: "203.0.113.1");

        Assert.Equal(DecisionKind.Throttled, (await DecideAsync("Bob@Example.com", "pw", from: "203.0.113.2")).Kind);
        Assert.Equal(DecisionKind.Throttled, (await DecideAsync("bob", "pw", from: "203.0.113.3")).Kind);
    }

    [Fact]
    public async Task A_login_nobody_has_is_banned_like_a_real_one_so_bans_tell_nothing()
    {
        await FailAsync("nobody", 3, from: null);

        var banned = await DecideAsync("nobody", "anything", from: null);

        Assert.Equal(DecisionKind.Throttled, banned.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), banned.RetryAfter);
    }

    [Fact]
    public async Task Failures_from_one_address_across_logins_ban_the_address_and_only_it()
    {
        await DecideAsync("alice", "wrong");
        await DecideAsync("bob", "wrong");
        await DecideAsync("carol", "wrong");

        var fromAttacker = await DecideAsync("dave", "pw");
        var fromElsewhere = await DecideAsync("dave", "pw", from: "203.0.113.9");

        Assert.Equal(DecisionKind.Throttled, fromAttacker.Kind);
        Assert.Contains("address", fromAttacker.Reason, StringComparison.Ordinal);
        Assert.Equal(DecisionKind.Allowed, fromElsewhere.Kind);
    }

    [Fact]
    public async Task An_unknown_client_address_is_never_banned()
    {
        // Loopback is a trusted gateway: without a forwarded client, the address is unknown (it would be the gateway's).
        foreach (var login in (string[])["alice", "bob", "carol", "erin", "frank"])
        {
            await DecideAsync(login, "wrong", from: "127.0.0.1");
        }

        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("dave", "pw", from: "127.0.0.1")).Kind);
        Assert.DoesNotContain(_services.Bans.Bans.Keys, subject => subject.StartsWith("address:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_regulation_per_address_only_logins_are_counted()
    {
        Recreate("Gatehouse:Regulation:PerAddress=false");
        foreach (var login in (string[])["alice", "bob", "carol"])
        {
            await DecideAsync(login, "wrong");
        }

        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("dave", "pw")).Kind);
        await FailAsync("bob", 2);
        Assert.Equal(DecisionKind.Throttled, (await DecideAsync("bob", "pw")).Kind);
        Assert.Equal(["login:bob", "login:bob@example.com"], _services.Bans.Bans.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Behind_a_trusted_gateway_the_forwarded_client_is_the_one_counted()
    {
        foreach (var login in (string[])["alice", "bob", "carol"])
        {
            await DecideAsync(login, "wrong", from: "127.0.0.1", forwardedFor: "203.0.113.50");
        }

        Assert.Equal(DecisionKind.Throttled, (await DecideAsync("dave", "pw", from: "127.0.0.1", forwardedFor: "203.0.113.50")).Kind);
        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("dave", "pw", from: "127.0.0.1", forwardedFor: "203.0.113.51")).Kind);
    }

    [Fact]
    public async Task IPv6_clients_are_counted_by_their_64_block()
    {
        await DecideAsync("alice", "wrong", from: "2001:db8:1:2::1");
        await DecideAsync("bob", "wrong", from: "2001:db8:1:2::2");
        await DecideAsync("carol", "wrong", from: "2001:db8:1:2:aaaa::3");

        Assert.Equal(DecisionKind.Throttled, (await DecideAsync("dave", "pw", from: "2001:db8:1:2::99")).Kind);
        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("dave", "pw", from: "2001:db8:1:3::1")).Kind);
    }

    [Fact]
    public async Task A_success_resets_the_count_of_its_login()
    {
        Recreate("Gatehouse:Cache:CredentialTtl=00:00:00");
        await FailAsync("bob", 2, from: "203.0.113.1");
        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("bob", "pw", from: "203.0.113.2")).Kind);
        await FailAsync("bob", 2, from: "203.0.113.3");

        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("bob", "pw", from: "203.0.113.4")).Kind);
    }

    [Fact]
    public async Task A_success_does_not_reset_the_count_of_its_address()
    {
        Recreate("Gatehouse:Cache:CredentialTtl=00:00:00");
        await DecideAsync("alice", "wrong");
        await DecideAsync("bob", "wrong");
        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("carol", "pw")).Kind);
        await DecideAsync("dave", "wrong");

        Assert.Equal(DecisionKind.Throttled, (await DecideAsync("carol", "pw")).Kind);
    }

    [Fact]
    public async Task A_credential_verified_moments_ago_is_answered_from_the_cache_during_a_ban_without_reading_bans()
    {
        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("bob", "pw", from: "203.0.113.1")).Kind);
        await FailAsync("bob", 3);
        var reads = _services.Bans.Reads;

        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("bob", "pw", from: "203.0.113.1")).Kind);
        Assert.Equal(reads, _services.Bans.Reads);
    }

    [Fact]
    public async Task Failures_cost_no_storage_write_until_a_count_trips_then_one_per_subject()
    {
        await FailAsync("bob", 2);
        Assert.Equal(0, _services.Bans.Writes);

        await FailAsync("bob", 1);

        Assert.Equal(["address:" + Attacker, "login:bob", "login:bob@example.com"], _services.Bans.Bans.Keys.Order(StringComparer.Ordinal));
        Assert.All(_services.Bans.Bans.Values, until => Assert.Equal(_services.Time.GetUtcNow() + TimeSpan.FromMinutes(5), until));
    }

    [Fact]
    public async Task A_ban_written_by_another_instance_is_honoured_without_checking_the_password()
    {
        await _services.Bans.BanAsync("login:bob", _services.Time.GetUtcNow().AddMinutes(1));

        var decision = await DecideAsync("bob", "pw");

        Assert.Equal(DecisionKind.Throttled, decision.Kind);
        Assert.Equal(TimeSpan.FromMinutes(1), decision.RetryAfter);
        Assert.Equal(0, _services.Users.VerifyCalls);
    }

    [Fact]
    public async Task Not_banned_is_believed_for_two_seconds_then_storage_is_asked_again()
    {
        Recreate("Gatehouse:Cache:CredentialTtl=00:00:00");
        await DecideAsync("bob", "pw");
        Assert.Equal(2, _services.Bans.Reads);

        await DecideAsync("bob", "pw");
        Assert.Equal(2, _services.Bans.Reads);

        _services.Time.Advance(TimeSpan.FromSeconds(2));
        await DecideAsync("bob", "pw");
        Assert.Equal(4, _services.Bans.Reads);
    }

    [Fact]
    public async Task Storage_down_while_reading_bans_is_an_outage_and_no_password_is_checked()
    {
        _services.Bans.Unavailable = true;

        var decision = await DecideAsync("bob", "pw");

        Assert.Equal(DecisionKind.Unavailable, decision.Kind);
        Assert.Equal(0, _services.Users.VerifyCalls);
    }

    [Fact]
    public async Task Storage_down_while_writing_a_ban_is_an_outage_and_the_ban_holds_on_this_instance()
    {
        await FailAsync("bob", 2);
        _services.Bans.Unavailable = true;

        Assert.Equal(DecisionKind.Unavailable, (await DecideAsync("bob", "wrong")).Kind);

        _services.Bans.Unavailable = false;
        Assert.Equal(DecisionKind.Throttled, (await DecideAsync("bob", "pw", from: "203.0.113.1")).Kind);
    }

    [Fact]
    public async Task Switched_off_regulation_neither_counts_nor_bans_nor_reads_bans()
    {
        Recreate("Gatehouse:Regulation:Enabled=false");
        await FailAsync("bob", 10);

        Assert.Equal(DecisionKind.Allowed, (await DecideAsync("bob", "pw")).Kind);
        Assert.Equal(0, _services.Bans.Reads + _services.Bans.Writes);
    }

    [Fact]
    public async Task A_ban_is_logged_once_with_the_subject_and_never_the_password()
    {
        await FailAsync("bob", 3);

        var bans = _services.Logs.Entries.Where(e => e.EventId.Id == 2400).Select(e => e.Message).ToList();

        Assert.Contains(bans, line => line.StartsWith("Banned login:bob until", StringComparison.Ordinal));
        Assert.Contains(bans, line => line.StartsWith("Banned address:" + Attacker, StringComparison.Ordinal));
        Assert.DoesNotContain(_services.Logs.Entries, e => e.Message.Contains("wrong", StringComparison.Ordinal));
    }

    private static TestServices Create(params string[] settings)
    {
        var services = TestServices.Create(settings);
        services.Users.Add("bob", "pw", "bob@example.com").Add("alice", "pw").Add("carol", "pw").Add("dave", "pw");
        return services;
    }

    private void Recreate(params string[] settings)
    {
        _services.Dispose();
        _services = Create(settings);
    }

    private async Task FailAsync(string login, int times, string? from = Attacker)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(DecisionKind.Unauthenticated, (await DecideAsync(login, "wrong", from)).Kind);
        }
    }

    private async Task<ChainDecision> DecideAsync(string login, string password, string? from = Attacker, string? forwardedFor = null)
    {
        var headers = new List<(string, string)> { ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password))) };
        if (forwardedFor is not null)
        {
            headers.Add(("X-Forwarded-For", forwardedFor));
        }

        return await _services.Chain.AuthenticateAsync(Requests.Make("GET", "/api/things", null, from is null ? null : IPAddress.Parse(from), [.. headers]));
    }
}
