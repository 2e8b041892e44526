using Gatehouse.Caching;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Tests.Caching;

/// <summary>Two instances' caches over one storage and one revocation feed; each feed read is one call here.</summary>
public sealed class RevocationFeedTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestServices.Start);
    private readonly FakeTokenService _tokens;
    private readonly FakeUserDirectory _users = new();
    private readonly FakeRevocationFeed _feed = new();
    private readonly CacheInstance _a;
    private readonly CacheInstance _b;

    public RevocationFeedTests()
    {
        _tokens = new FakeTokenService(_time);
        _users.Add("bob", "old-password").Add("alice", "pw");
        _a = new CacheInstance(_tokens, _users, _feed, _time);
        _b = new CacheInstance(_tokens, _users, _feed, _time);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Fact]
    public async Task Revoked_token_is_refused_by_the_other_instance_after_its_next_feed_read()
    {
        var token = _tokens.Issue("bob", device: "laptop");
        Assert.Equal(TokenStatus.Valid, (await _b.Tokens.ValidateAsync(token)).Status);

        Assert.True(await _a.Tokens.RevokeAsync("bob", "app", "laptop"));
        Assert.Equal(TokenStatus.Valid, (await _b.Tokens.ValidateAsync(token)).Status); // cached, feed not read yet

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await _b.Reader.ReadOnceAsync());
        Assert.Equal(TokenStatus.Unknown, (await _b.Tokens.ValidateAsync(token)).Status);
    }

    [Fact]
    public async Task Changed_password_is_refused_by_the_other_instance_after_its_next_feed_read()
    {
        Assert.NotNull((await _b.Users.VerifyPasswordAsync("bob", "old-password")).User);

        Assert.True(await _a.Users.SetPasswordAsync("bob", "new-password"));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _b.Reader.ReadOnceAsync();

        Assert.Null((await _b.Users.VerifyPasswordAsync("bob", "old-password")).User);
    }

    [Fact]
    public async Task Disabled_user_is_seen_disabled_by_the_other_instance_after_its_next_feed_read_tokens_too()
    {
        var token = _tokens.Issue("bob");
        Assert.True((await _b.Users.GetAsync("bob"))!.Enabled);
        await _b.Tokens.ValidateAsync(token);
        var lookups = _tokens.ValidateCalls;

        Assert.True(await _a.Users.SetEnabledAsync("bob", false));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _b.Reader.ReadOnceAsync();

        Assert.False((await _b.Users.GetAsync("bob"))!.Enabled);

        // One stamp per user for both caches: the user's tokens are looked up again as well.
        await _b.Tokens.ValidateAsync(token);
        Assert.Equal(lookups + 1, _tokens.ValidateCalls);
    }

    [Fact]
    public async Task An_instance_does_not_apply_its_own_entries_again()
    {
        var token = _tokens.Issue("bob");
        await _a.Tokens.RevokeAllAsync("alice");
        await _a.Tokens.ValidateAsync(token);
        await _a.Users.GetAsync("alice");
        var (lookups, reads) = (_tokens.ValidateCalls, _users.GetCalls);

        await _a.Reader.ReadOnceAsync();
        await _a.Tokens.ValidateAsync(token);
        await _a.Users.GetAsync("alice");

        Assert.Single(_feed.Entries);
        Assert.Equal((lookups, reads), (_tokens.ValidateCalls, _users.GetCalls));
    }

    [Fact]
    public async Task An_entry_read_again_in_the_overlap_is_applied_once()
    {
        await _a.Users.SetEnabledAsync("bob", true);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _b.Reader.ReadOnceAsync();
        await _b.Users.GetAsync("bob");
        var reads = _users.GetCalls;

        // The next read looks back over the clock-skew allowance: the entry comes again, and is recognised.
        _time.Advance(TimeSpan.FromSeconds(1));
        await _b.Reader.ReadOnceAsync();
        await _b.Users.GetAsync("bob");

        Assert.True(_feed.LastSince <= _feed.Entries[0].At);
        Assert.Equal(reads, _users.GetCalls);
    }

    [Theory]
    [InlineData(-4)] // the writer's clock is 4 s behind: the entry looks older than the last read
    [InlineData(4)] // ahead: it looks as if written in the future
    public async Task Entry_from_an_instance_whose_clock_is_off_within_the_skew_allowance_is_applied(int skewSeconds)
    {
        await _b.Reader.ReadOnceAsync();
        await _b.Users.GetAsync("bob");
        var reads = _users.GetCalls;

        _time.Advance(TimeSpan.FromSeconds(1));
        _feed.Add(RevocationEntry.Create(_time.GetUtcNow().AddSeconds(skewSeconds), "other", 1, "bob", FeedReasons.PasswordChanged));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _b.Reader.ReadOnceAsync();
        await _b.Users.GetAsync("bob");

        Assert.Equal(reads + 1, _users.GetCalls);
    }

    [Fact]
    public async Task Entry_for_everyone_drops_every_cached_user()
    {
        await _b.Users.GetAsync("bob");
        await _b.Users.GetAsync("alice");
        var reads = _users.GetCalls;

        Assert.True(await _a.Ledger.InvalidateEveryoneAfterAsync(FeedReasons.GroupsChanged, () => Task.FromResult(true)));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _b.Reader.ReadOnceAsync();
        await _b.Users.GetAsync("bob");
        await _b.Users.GetAsync("alice");
        await _b.Users.GetAsync("bob");

        Assert.Equal(reads + 2, _users.GetCalls);
    }

    [Fact]
    public async Task Failed_append_does_not_fail_the_change_and_is_sent_at_a_later_interval()
    {
        var token = _tokens.Issue("bob", device: "laptop");
        await _b.Tokens.ValidateAsync(token);
        _feed.Unavailable = true;

        Assert.True(await _a.Tokens.RevokeAsync("bob", "app", "laptop"));
        Assert.Equal(1, _a.Announcer.Waiting);
        Assert.Equal(TokenStatus.Unknown, (await _a.Tokens.ValidateAsync(token)).Status); // this instance knows at once

        await _a.Announcer.SendWaitingAsync();
        Assert.Equal(1, _a.Announcer.Waiting);
        _feed.Unavailable = false;
        _time.Advance(TimeSpan.FromSeconds(1));
        await _a.Announcer.SendWaitingAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await _b.Reader.ReadOnceAsync();

        Assert.Equal(0, _a.Announcer.Waiting);
        Assert.Equal(TokenStatus.Unknown, (await _b.Tokens.ValidateAsync(token)).Status);
    }

    [Fact]
    public async Task Announcements_waiting_beyond_the_limit_are_merged_into_one_for_everyone()
    {
        _feed.Unavailable = true;
        for (var i = 0; i <= RevocationAnnouncer.MaxWaiting; i++)
        {
            await _a.Users.SetEnabledAsync("bob", true);
        }

        Assert.Equal(1, _a.Announcer.Waiting);
        _feed.Unavailable = false;
        await _a.Announcer.SendWaitingAsync();

        var entry = Assert.Single(_feed.Entries);
        Assert.Null(entry.UserName);
    }

    [Fact]
    public async Task Feed_unread_beyond_the_outage_limit_stops_trusting_older_cached_entries()
    {
        var token = _tokens.Issue("bob");
        await _b.Tokens.ValidateAsync(token);
        await _b.Users.GetAsync("bob");
        var (lookups, reads) = (_tokens.ValidateCalls, _users.GetCalls);
        _feed.Unavailable = true;

        // Within the limit (10 s by default) the caches are trusted as before.
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(await _b.Reader.ReadOnceAsync());
        await _b.Tokens.ValidateAsync(token);
        await _b.Users.GetAsync("bob");
        Assert.Equal((lookups, reads), (_tokens.ValidateCalls, _users.GetCalls));

        // Beyond it, entries older than the limit are looked up again; fresh ones are trusted for as long.
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await _b.Reader.ReadOnceAsync());
        await _b.Tokens.ValidateAsync(token);
        await _b.Users.GetAsync("bob");
        await _b.Tokens.ValidateAsync(token);
        Assert.Equal((lookups + 1, reads + 1), (_tokens.ValidateCalls, _users.GetCalls));
    }

    [Fact]
    public async Task After_a_long_outage_the_next_read_looks_back_only_as_far_as_the_caches_trust()
    {
        _feed.Unavailable = true;
        for (var i = 0; i < 60; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _b.Reader.ReadOnceAsync();
        }

        _feed.Unavailable = false;
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await _b.Reader.ReadOnceAsync());

        // The outage limit (10 s), the clock-skew allowance (5 s) and the append timeout (2 s), and one interval.
        Assert.InRange(_time.GetUtcNow() - _feed.LastSince!.Value, TimeSpan.FromSeconds(17), TimeSpan.FromSeconds(18));
    }

    [Fact]
    public async Task A_change_applied_while_a_lookup_runs_is_not_stored_by_it()
    {
        var token = _tokens.Issue("bob", device: "laptop");
        _tokens.ValidateGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookup = _b.Tokens.ValidateAsync(token).AsTask();

        await _a.Tokens.RevokeAsync("bob", "app", "laptop");
        _time.Advance(TimeSpan.FromSeconds(1));
        await _b.Reader.ReadOnceAsync();
        _tokens.ValidateGate.SetResult();

        Assert.Equal(TokenStatus.Valid, (await lookup).Status); // read before the revocation
        _tokens.ValidateGate = null;
        Assert.Equal(TokenStatus.Unknown, (await _b.Tokens.ValidateAsync(token)).Status);
    }
}
