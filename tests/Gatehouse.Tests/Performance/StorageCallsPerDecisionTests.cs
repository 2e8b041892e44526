using System.Text;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;

namespace Gatehouse.Tests.Performance;

/// <summary>
/// A regression guard on how often a decision goes to storage: the first decision for a credential makes
/// exactly the lookups it needs, and the decisions after it, within the cache lifetimes, make none.
/// </summary>
public sealed class StorageCallsPerDecisionTests : IDisposable
{
    private const int CachedDecisions = 100;

    private readonly TestServices _services = TestServices.Create();

    public StorageCallsPerDecisionTests() => _services.Users.Add("bob", "s3cret", "bob@example.com");

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("token", DecisionKind.Allowed, 1, 0, 1)]
    [InlineData("basic", DecisionKind.Allowed, 0, 1, 0)] // the password check read the user: the chain does not read it again
    [InlineData("unknown token", DecisionKind.Unauthenticated, 1, 0, 0)]
    public async Task First_decision_makes_each_lookup_once_and_cached_decisions_make_none(
        string credential, DecisionKind expected, int tokenLookups, int passwordChecks, int userReads)
    {
        var request = Requests.Get("/api/things", credential switch
        {
            "token" => ("X-Authentication-Token", _services.Tokens.Issue("bob")),
            "basic" => ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:s3cret"))),
            _ => ("X-Authentication-Token", "gh_unknown"),
        });

        Assert.Equal(expected, (await _services.Chain.AuthenticateAsync(request)).Kind);
        Assert.Equal((tokenLookups, passwordChecks, userReads), StorageCalls());

        for (var i = 0; i < CachedDecisions; i++)
        {
            Assert.Equal(expected, (await _services.Chain.AuthenticateAsync(request)).Kind);
        }

        Assert.Equal((tokenLookups, passwordChecks, userReads), StorageCalls());
    }

    private (int TokenLookups, int PasswordChecks, int UserReads) StorageCalls() =>
        (_services.Tokens.ValidateCalls, _services.Users.VerifyCalls, _services.Users.GetCalls);
}
