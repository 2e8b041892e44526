using Gatehouse.Chain;
using Gatehouse.Plugins;
using Gatehouse.Tokens;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.ChainCore;

public sealed class TokenAuthenticatorTests : AuthenticatorContractTests
{
    private readonly InMemoryTokens _tokens = new InMemoryTokens()
        .With("good", "joe", "r")
        .With("old", "joe", status: TokenStatus.Expired)
        .With("guest-token", "Guest");

    private TokenAuthenticator Create(TokenAuthenticatorOptions? options = null) =>
        new(_tokens, Options.Create(options ?? new TokenAuthenticatorOptions()), Options.Create(new AnonymousAuthenticatorOptions { AnonymousUser = "Guest" }));

    protected override IAuthenticator CreatePlugin() => Create();

    protected override AuthRequest WithMalformedCredentials() => Requests.Get(headers: ("X-Authentication-Token", "not-a-token"));

    protected override AuthRequest WithValidCredentials() => Requests.Get(headers: ("X-Authentication-Token", "good"));

    protected override AuthRequest WithCredentialValue(string value) => Requests.Get(headers: ("X-Authentication-Token", value));

    [Fact]
    public async Task Success_carries_the_bindings_user_permission_and_id()
    {
        var identity = (await Create().AuthenticateAsync(WithValidCredentials())).Identity!;
        Assert.Equal(("joe", "r", "id-good"), (identity.UserName, identity.TokenPermission, identity.TokenId));
    }

    [Fact]
    public async Task Expired_tokens_fail_with_reason_expired()
    {
        var result = await Create().AuthenticateAsync(Requests.Get(headers: ("X-Authentication-Token", "old")));
        Assert.Equal(("expired token", AuthOutcome.Fail), (result.Reason, result.Outcome));
    }

    [Fact]
    public async Task Header_wins_over_query_which_wins_over_cookie()
    {
        var result = await Create().AuthenticateAsync(Requests.Get(query: "?token=unknown", headers: [("X-Authentication-Token", "good"), ("Cookie", "X-Authentication-Token=unknown")]));
        Assert.Equal(AuthOutcome.Success, result.Outcome);

        var fromQuery = await Create().AuthenticateAsync(Requests.Get(query: "?token=good", headers: ("Cookie", "X-Authentication-Token=unknown")));
        Assert.Equal(AuthOutcome.Success, fromQuery.Outcome);

        var fromCookie = await Create().AuthenticateAsync(Requests.Get(headers: ("Cookie", "a=b; X-Authentication-Token=good")));
        Assert.Equal(AuthOutcome.Success, fromCookie.Outcome);
    }

    [Fact]
    public async Task A_disabled_source_is_not_read()
    {
        var result = await Create(new TokenAuthenticatorOptions { FromQuery = false }).AuthenticateAsync(Requests.Get(query: "?token=good"));
        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Fact]
    public async Task Anonymous_users_token_is_refused_unless_allowed()
    {
        var guest = Requests.Get(headers: ("X-Authentication-Token", "guest-token"));
        Assert.Equal(AuthOutcome.Fail, (await Create().AuthenticateAsync(guest)).Outcome);
        Assert.Equal(AuthOutcome.Success, (await Create(new TokenAuthenticatorOptions { AllowAnonymous = true }).AuthenticateAsync(guest)).Outcome);
    }

    [Fact]
    public async Task Oversized_tokens_fail_without_a_lookup()
    {
        await Create().AuthenticateAsync(Requests.Get(headers: ("X-Authentication-Token", new string('a', 4096))));
        Assert.Equal(0, _tokens.Lookups);
    }
}
