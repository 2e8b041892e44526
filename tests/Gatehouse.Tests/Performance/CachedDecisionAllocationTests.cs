using System.Text;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;

namespace Gatehouse.Tests.Performance;

/// <summary>
/// A regression guard on what the chain allocates for a decision answered from the caches: the
/// authorizer's throughput depends on it and, unlike wall-clock time, it is deterministic. Each budget
/// has modest headroom over the figure measured for it (in its comment); a change that needs more
/// should say why, and a change that needs less should lower it.
/// </summary>
public sealed class CachedDecisionAllocationTests : IDisposable
{
    private readonly TestServices _services = TestServices.Create(DiscardingLoggerProvider.UseInstead);

    public CachedDecisionAllocationTests() =>
        _services.Users.Add("bob", "s3cret", "bob@example.com", groups: ["members", "administrators"]);

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Cached_token_decision_allocates_within_budget()
    {
        var request = Requests.Get("/api/things", ("X-Authentication-Token", _services.Tokens.Issue("bob")));

        // Measured: 232 B.
        Assert.InRange(await MeasureAsync(request, DecisionKind.Allowed), 0, 256);
    }

    [Fact]
    public async Task Cached_basic_decision_allocates_within_budget()
    {
        var request = Requests.Get("/api/things", ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:s3cret"))));

        // Measured: 304 B.
        Assert.InRange(await MeasureAsync(request, DecisionKind.Allowed), 0, 352);
    }

    [Fact]
    public async Task Unknown_token_answered_from_the_negative_cache_allocates_within_budget()
    {
        var request = Requests.Get("/api/things", ("X-Authentication-Token", "gh_unknown"));

        // Measured: 56 B.
        Assert.InRange(await MeasureAsync(request, DecisionKind.Unauthenticated), 0, 64);
    }

    /// <summary>Decides once, filling the caches, then measures the cached decision.</summary>
    private async Task<long> MeasureAsync(AuthRequest request, DecisionKind expected)
    {
        var chain = _services.Chain;
        Assert.Equal(expected, (await chain.AuthenticateAsync(request)).Kind);
        return AllocationMeter.BytesPerCall(() => chain.AuthenticateAsync(request));
    }
}
