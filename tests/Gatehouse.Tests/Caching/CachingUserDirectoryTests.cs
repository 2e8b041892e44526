using Gatehouse.Caching;
using Gatehouse.Tests.Fakes;
using Gatehouse.Users;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Tests.Caching;

public sealed class CachingUserDirectoryTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestServices.Start);
    private readonly FakeUserDirectory _inner = new();
    private readonly InvalidationLedger _ledger;
    private readonly CachingUserDirectory _cache;

    public CachingUserDirectoryTests()
    {
        _inner.Add("bob", "pw", "bob@example.com").Add("alice", "pw");
        _ledger = FakeRevocationFeed.NewLedger(_time);
        _cache = new CachingUserDirectory(_inner, _ledger, Options.Create(new CacheOptions()), _time);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Repeated_lookups_within_the_ttl_read_once_case_insensitively()
    {
        await _cache.GetAsync("bob");
        await _cache.GetAsync("BOB");
        _time.Advance(TimeSpan.FromSeconds(30));
        await _cache.GetAsync("bob");

        Assert.Equal(2, _inner.GetCalls);
    }

    [Fact]
    public async Task A_change_to_the_groups_drops_every_cached_user_and_credential_at_once()
    {
        await _cache.GetAsync("bob");
        await _cache.GetAsync("alice");
        await _cache.VerifyPasswordAsync("bob", "pw");

        var groups = new InvalidatingGroupDirectory(new FakeGroupDirectory(), _ledger);
        Assert.True((await groups.CreateAsync(new Group("staff", null, null, []))).Succeeded);
        await _cache.GetAsync("bob");
        await _cache.GetAsync("alice");
        await _cache.VerifyPasswordAsync("bob", "pw");

        Assert.Equal((4, 2), (_inner.GetCalls, _inner.VerifyCalls));
    }

    [Fact]
    public async Task An_update_through_the_cache_drops_that_user_at_once()
    {
        await _cache.GetAsync("bob");

        await _cache.UpdateAsync("bob", new UserUpdate(Company: "Builders"));

        Assert.Equal("Builders", (await _cache.GetAsync("bob"))!.Company);
    }

    [Fact]
    public async Task Concurrent_lookups_of_one_user_share_one_read()
    {
        _inner.GetGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var lookups = Enumerable.Range(0, 100).Select(_ => Task.Run(() => _cache.GetAsync("bob").AsTask())).ToArray();
        await Task.Delay(50);
        _inner.GetGate.SetResult();
        await Task.WhenAll(lookups);

        Assert.Equal(1, _inner.GetCalls);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("delete")]
    [InlineData("password")]
    public async Task Changes_through_the_cache_are_seen_at_once(string change)
    {
        Assert.NotNull(await _cache.GetAsync("bob"));

        _ = change switch
        {
            "disable" => await _cache.SetEnabledAsync("bob", false),
            "delete" => await _cache.DeleteAsync("bob"),
            _ => await _cache.SetPasswordAsync("bob", "new"),
        };
        var user = await _cache.GetAsync("bob");

        Assert.Equal(2, _inner.GetCalls);
        Assert.Equal(change switch { "disable" => false, "delete" => (bool?)null, _ => true }, user?.Enabled);
    }

    [Fact]
    public async Task Change_during_a_lookup_keeps_the_stale_answer_out_of_the_cache()
    {
        _inner.GetGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = _cache.GetAsync("bob").AsTask();

        await _cache.SetEnabledAsync("bob", false);
        _inner.GetGate.SetResult();
        Assert.True((await inFlight)!.Enabled);
        _inner.GetGate = null;

        Assert.False((await _cache.GetAsync("bob"))!.Enabled);
    }

    [Fact]
    public async Task Unknown_user_is_cached_briefly_and_forgotten_when_created_here()
    {
        Assert.Null(await _cache.GetAsync("carol"));
        Assert.Null(await _cache.GetAsync("carol"));
        Assert.Equal(1, _inner.GetCalls);

        await _cache.CreateAsync(new NewUser("carol", "pw"));

        Assert.NotNull(await _cache.GetAsync("carol"));
    }

    [Fact]
    public async Task Repeated_valid_basic_credentials_verify_the_password_once()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal("bob", (await _cache.VerifyPasswordAsync(i % 2 == 0 ? "bob" : "BOB", "pw")).User?.UserName);
        }

        Assert.Equal(1, _inner.VerifyCalls);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_uncached_credential_hash_the_password_once()
    {
        _inner.VerifyGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var verifications = Enumerable.Range(0, 16).Select(_ => Task.Run(() => _cache.VerifyPasswordAsync("bob", "pw").AsTask())).ToArray();
        await Task.Delay(50);
        _inner.VerifyGate.SetResult();

        Assert.All(await Task.WhenAll(verifications), check => Assert.Equal("bob", check.User?.UserName));
        Assert.Equal(1, _inner.VerifyCalls);
    }

    [Fact]
    public async Task Verified_credentials_expire_after_the_credential_ttl()
    {
        await _cache.VerifyPasswordAsync("bob", "pw");
        _time.Advance(TimeSpan.FromSeconds(59));
        await _cache.VerifyPasswordAsync("bob", "pw");
        _time.Advance(TimeSpan.FromSeconds(1));
        await _cache.VerifyPasswordAsync("bob", "pw");

        Assert.Equal(2, _inner.VerifyCalls);
    }

    [Fact]
    public async Task A_cached_credential_older_than_the_user_ttl_brings_the_user_as_stored_now()
    {
        Assert.True((await _cache.VerifyPasswordAsync("bob", "pw")).User!.Enabled);
        await _inner.SetEnabledAsync("bob", false); // as another instance would: this cache is not told

        _time.Advance(TimeSpan.FromSeconds(30));
        var withinTtl = await _cache.VerifyPasswordAsync("bob", "pw");
        _time.Advance(TimeSpan.FromSeconds(1));
        var pastTtl = await _cache.VerifyPasswordAsync("bob", "pw");

        Assert.True(withinTtl.User!.Enabled);
        Assert.False(pastTtl.User!.Enabled);
        Assert.Equal(1, _inner.VerifyCalls);
    }

    [Fact]
    public async Task Failed_verifications_are_never_cached()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Null((await _cache.VerifyPasswordAsync("bob", "wrong")).User);
        }

        Assert.Equal(5, _inner.VerifyCalls);
    }

    [Fact]
    public async Task Login_and_password_are_not_confused_at_the_separator()
    {
        _inner.Add("bob\0x", "pw");
        await _cache.VerifyPasswordAsync("bob", "pw");

        Assert.Null((await _cache.VerifyPasswordAsync("bob\0pw", string.Empty)).User);
    }

    [Fact]
    public async Task Email_and_name_logins_are_separate_entries_of_the_same_user()
    {
        await _cache.VerifyPasswordAsync("bob", "pw");
        var byEmail = await _cache.VerifyPasswordAsync("bob@example.com", "pw");

        Assert.Equal("bob", byEmail.User?.UserName);
        Assert.Equal(2, _inner.VerifyCalls);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("disable")]
    [InlineData("delete")]
    public async Task Cached_credentials_are_dropped_when_the_user_changes(string change)
    {
        await _cache.VerifyPasswordAsync("bob@example.com", "pw");

        _ = change switch
        {
            "password" => await _cache.SetPasswordAsync("bob", "new"),
            "disable" => await _cache.SetEnabledAsync("BOB", false),
            _ => await _cache.DeleteAsync("bob"),
        };
        var after = await _cache.VerifyPasswordAsync("bob@example.com", "pw");

        Assert.Equal(2, _inner.VerifyCalls);
        Assert.Equal(change == "disable" ? false : null, after.User?.Enabled);
    }

    [Fact]
    public async Task Other_users_credentials_survive_a_change()
    {
        await _cache.VerifyPasswordAsync("alice", "pw");

        await _cache.SetPasswordAsync("bob", "new");
        await _cache.VerifyPasswordAsync("alice", "pw");

        Assert.Equal(1, _inner.VerifyCalls);
    }
}
