using Gatehouse.Caching;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Tests.Caching;

public sealed class CachingTokenServiceTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestServices.Start);
    private readonly FakeTokenService _inner;
    private readonly CachingTokenService _cache;

    public CachingTokenServiceTests()
    {
        _inner = new FakeTokenService(_time);
        _cache = Create(new CacheOptions());
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Cached_valid_token_makes_no_inner_call()
    {
        var token = _inner.Issue("bob");
        await _cache.ValidateAsync(token);

        var again = await _cache.ValidateAsync(token);

        Assert.Equal(TokenStatus.Valid, again.Status);
        Assert.Equal(1, _inner.ValidateCalls);
    }

    [Fact]
    public async Task Valid_decision_is_looked_up_again_after_the_token_ttl()
    {
        var token = _inner.Issue("bob");
        await _cache.ValidateAsync(token);

        _time.Advance(TimeSpan.FromSeconds(29));
        await _cache.ValidateAsync(token);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _cache.ValidateAsync(token);

        Assert.Equal(2, _inner.ValidateCalls);
    }

    [Fact]
    public async Task Thousand_unknown_token_requests_within_negative_ttl_make_one_inner_call()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(TokenStatus.Unknown, (await _cache.ValidateAsync("gh_unknown")).Status);
        }

        Assert.Equal(1, _inner.ValidateCalls);
        _time.Advance(TimeSpan.FromSeconds(5));
        await _cache.ValidateAsync("gh_unknown");
        Assert.Equal(2, _inner.ValidateCalls);
    }

    [Fact]
    public async Task Concurrent_misses_for_one_token_share_one_inner_call()
    {
        var token = _inner.Issue("bob");
        _inner.ValidateGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var lookups = Enumerable.Range(0, 200).Select(_ => Task.Run(() => _cache.ValidateAsync(token).AsTask())).ToArray();
        await Task.Delay(50);
        _inner.ValidateGate.SetResult();
        var results = await Task.WhenAll(lookups);

        Assert.All(results, r => Assert.Equal(TokenStatus.Valid, r.Status));
        Assert.Equal(1, _inner.ValidateCalls);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_fail_the_shared_lookup()
    {
        var token = _inner.Issue("bob");
        _inner.ValidateGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();

        var cancelled = _cache.ValidateAsync(token, impatient.Token).AsTask();
        var patient = _cache.ValidateAsync(token).AsTask();
        await impatient.CancelAsync();
        _inner.ValidateGate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(TokenStatus.Valid, (await patient).Status);
        Assert.Equal(1, _inner.ValidateCalls);
    }

    [Theory]
    [InlineData("revoke")]
    [InlineData("revokeById")]
    [InlineData("revokeAll")]
    public async Task Revocation_through_the_cache_is_effective_immediately(string how)
    {
        var token = _inner.Issue("bob", application: "Nuxeo Drive", device: "laptop");
        Assert.Equal(TokenStatus.Valid, (await _cache.ValidateAsync(token)).Status);

        var revoked = how switch
        {
            "revoke" => await _cache.RevokeAsync("BOB", "Nuxeo Drive", "laptop"),
            "revokeById" => await _cache.RevokeByIdAsync("bob", _inner.BindingOf(token).Id),
            _ => await _cache.RevokeAllAsync("Bob") == 1,
        };

        Assert.True(revoked);
        Assert.Equal(TokenStatus.Unknown, (await _cache.ValidateAsync(token)).Status);
    }

    [Fact]
    public async Task Revocation_during_a_lookup_keeps_the_stale_answer_out_of_the_cache()
    {
        var token = _inner.Issue("bob", application: "app", device: "d");
        _inner.ValidateGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = _cache.ValidateAsync(token).AsTask();

        await _cache.RevokeAsync("bob", "app", "d");
        _inner.ValidateGate.SetResult();
        Assert.Equal(TokenStatus.Valid, (await inFlight).Status);
        _inner.ValidateGate = null;

        Assert.Equal(TokenStatus.Unknown, (await _cache.ValidateAsync(token)).Status);
    }

    [Fact]
    public async Task Revoking_one_user_does_not_drop_other_users_entries()
    {
        var bob = _inner.Issue("bob");
        var alice = _inner.Issue("alice", application: "a", device: "d");
        await _cache.ValidateAsync(bob);
        await _cache.ValidateAsync(alice);

        await _cache.RevokeAsync("alice", "a", "d");
        await _cache.ValidateAsync(bob);

        Assert.Equal(2, _inner.ValidateCalls);
    }

    [Fact]
    public async Task Cached_valid_token_still_expires_at_its_binding_expiry()
    {
        var token = _inner.Issue("bob", expiresAt: TestServices.Start.AddSeconds(10));
        Assert.Equal(TokenStatus.Valid, (await _cache.ValidateAsync(token)).Status);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TokenStatus.Expired, (await _cache.ValidateAsync(token)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    [InlineData("café")]
    [InlineData("😀")]
    public async Task Implausible_tokens_are_malformed_without_an_inner_call(string token)
    {
        Assert.Equal(TokenStatus.Malformed, (await _cache.ValidateAsync(token)).Status);
        Assert.Equal(TokenStatus.Malformed, (await _cache.ValidateAsync(new string('a', CachingTokenService.MaxTokenLength + 1))).Status);
        Assert.Equal(0, _inner.ValidateCalls);
    }

    [Fact]
    public async Task Malformed_answers_are_not_cached()
    {
        await _cache.ValidateAsync("not-a-gatehouse-token");
        await _cache.ValidateAsync("not-a-gatehouse-token");

        Assert.Equal(2, _inner.ValidateCalls);
    }

    [Fact]
    public async Task Token_unknown_before_it_was_issued_is_valid_once_issued_through_the_cache()
    {
        var issued = await _cache.AcquireAsync(new TokenRequest("bob", "app", "device", null, "rw"));
        await _cache.RevokeAsync("bob", "app", "device");
        Assert.Equal(TokenStatus.Unknown, (await _cache.ValidateAsync(issued.Token)).Status);

        _inner.Put(issued.Token, "bob");
        var reissued = await _cache.AcquireAsync(new TokenRequest("bob", "app", _inner.BindingOf(issued.Token).DeviceId, null, "rw"));

        Assert.Equal(issued.Token, reissued.Token);
        Assert.Equal(TokenStatus.Valid, (await _cache.ValidateAsync(issued.Token)).Status);
    }

    [Fact]
    public async Task Outage_is_not_cached()
    {
        var token = _inner.Issue("bob");
        _inner.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _cache.ValidateAsync(token).AsTask());

        _inner.Unavailable = false;

        Assert.Equal(TokenStatus.Valid, (await _cache.ValidateAsync(token)).Status);
    }

    [Fact]
    public async Task Zero_ttl_switches_the_cache_off()
    {
        using var uncached = Create(new CacheOptions { TokenTtl = TimeSpan.Zero });
        var token = _inner.Issue("bob");

        await uncached.ValidateAsync(token);
        await uncached.ValidateAsync(token);

        Assert.Equal(2, _inner.ValidateCalls);
    }

    private CachingTokenService Create(CacheOptions options) => new(_inner, FakeRevocationFeed.NewLedger(_time), Options.Create(options), _time);
}
