using System.Text;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Performance;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Tests.Regulation;

/// <summary>
/// The hashing gate's slots as the chain meets them (SPEC §10: a flood never delays cached decisions): one check
/// hashing and one waiting here; the fake directory holds checks in flight for as long as a test says.
/// </summary>
public sealed class PasswordCheckSlotsTests : IAsyncLifetime
{
    private static readonly string[] Slots = ["Gatehouse:Regulation:HashingConcurrency=1", "Gatehouse:Regulation:HashingQueueLength=1"];

    private readonly TestServices _services = TestServices.Create(DiscardingLoggerProvider.UseInstead, Slots);

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PasswordCheckSlotsTests() =>
        _services.Users.Add("bob", "pw", "bob@example.com").Add("alice", "pw").Add("carol", "pw");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _release.TrySetResult();
        _services.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_check_beyond_the_slots_is_refused_at_once_with_a_retry_hint()
    {
        var held = HoldBothSlots();

        var refused = AtOnce(Decide(Basic("bob", "pw")));

        Assert.Equal(DecisionKind.Throttled, refused.Kind);
        Assert.Equal("too many password checks at once", refused.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(2, _services.Users.VerifyCalls);

        _release.SetResult();
        Assert.All(await Task.WhenAll(held), decision => Assert.Equal(DecisionKind.Unauthenticated, decision.Kind));
        Assert.Equal(DecisionKind.Allowed, (await Decide(Basic("bob", "pw"))).Kind);
    }

    [Fact]
    public async Task Many_requests_checking_one_credential_take_one_slot()
    {
        _services.Users.VerifyGate = _release;

        var decisions = Enumerable.Range(0, 16).Select(_ => Decide(Basic("bob", "pw")).AsTask()).ToArray();
        await Task.Delay(50);
        _release.SetResult();

        Assert.All(await Task.WhenAll(decisions), decision => Assert.Equal(DecisionKind.Allowed, decision.Kind));
        Assert.Equal(1, _services.Users.VerifyCalls);
    }

    [Fact]
    public async Task A_ban_known_here_is_answered_without_taking_a_slot()
    {
        for (var i = 0; i < 3; i++)
        {
            await Decide(Basic("bob", "wrong"));
        }

        _ = HoldBothSlots();
        var banned = await Decide(Basic("bob", "pw"));

        Assert.Equal(DecisionKind.Throttled, banned.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), banned.RetryAfter);
        Assert.Contains("login", banned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cached_decisions_complete_at_once_while_every_slot_is_taken()
    {
        var token = Requests.Get("/api/things", ("X-Authentication-Token", _services.Tokens.Issue("bob")));
        var basic = Basic("bob", "pw");
        Assert.Equal(DecisionKind.Allowed, (await Decide(token)).Kind);
        Assert.Equal(DecisionKind.Allowed, (await Decide(basic)).Kind);

        _ = HoldBothSlots();

        Assert.Equal(DecisionKind.Allowed, AtOnce(Decide(token)).Kind);
        Assert.Equal(DecisionKind.Allowed, AtOnce(Decide(basic)).Kind);
    }

    [Fact]
    public async Task Through_the_handler_a_flood_gets_429_at_once_while_a_cached_token_gets_200()
    {
        await using var handler = await InProcessHandler.StartAsync(_services, DiscardingLoggerProvider.UseInstead, null, Slots);
        var token = _services.Tokens.Issue("bob");
        _services.Users.VerifyGate = _release;

        var flood = Enumerable.Range(0, 32)
            .Select(i => handler.GetAsync("/authorize", ("X-Original-Method", "GET"), ("X-Original-URI", "/api/things"), ("Authorization", BasicHeader($"user{i}", "wrong"))))
            .ToArray();
        await WaitUntilAsync(() => flood.Count(f => f.IsCompleted) == 30);
        var tokenAnswer = await handler.GetAsync("/authorize", ("X-Original-Method", "GET"), ("X-Original-URI", "/api/things"), ("X-Authentication-Token", token));

        Assert.Equal(StatusCodes.Status200OK, tokenAnswer.Response.StatusCode);
        Assert.Equal(2, flood.Count(f => !f.IsCompleted));
        foreach (var answered in await Task.WhenAll(flood.Where(f => f.IsCompleted)))
        {
            Assert.Equal(StatusCodes.Status429TooManyRequests, answered.Response.StatusCode);
            Assert.Equal("1", answered.Response.Headers.RetryAfter.ToString());
        }

        _release.SetResult();
        Assert.All(await Task.WhenAll(flood), context => Assert.NotEqual(StatusCodes.Status200OK, context.Response.StatusCode));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>Two checks of different credentials, held in the directory: the one hashing and the one waiting.</summary>
    private Task<ChainDecision>[] HoldBothSlots()
    {
        _services.Users.VerifyGate = _release;
        var held = new[] { Decide(Basic("alice", "wrong")).AsTask(), Decide(Basic("carol", "wrong")).AsTask() };
        Assert.All(held, decision => Assert.False(decision.IsCompleted));
        return held;
    }

    private ValueTask<ChainDecision> Decide(AuthRequest request) => _services.Chain.AuthenticateAsync(request);

    /// <summary>The decision, made without waiting: a call that went asynchronous waited for something.</summary>
    private static ChainDecision AtOnce(ValueTask<ChainDecision> pending)
    {
        Assert.True(pending.IsCompletedSuccessfully, "The decision waited.");
        return pending.Result;
    }

    private static AuthRequest Basic(string login, string password) => Requests.Get("/api/things", ("Authorization", BasicHeader(login, password)));

    private static string BasicHeader(string login, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password));
}
