using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tokens;

namespace Gatehouse.Tests.Plugins;

public sealed class TokenAuthenticatorTests : CredentialAuthenticatorContractTests, IDisposable
{
    private readonly TestServices _services = TestServices.Create("Gatehouse:Users:AnonymousUser=Guest");
    private readonly string _token;

    public TokenAuthenticatorTests() => _token = _services.Tokens.Issue("bob", "r");

    protected override string ValidUserName => "bob";

    public void Dispose() => _services.Dispose();

    protected override IAuthenticator CreateAuthenticator() => _services.Plugin(AuthenticatorNames.Token);

    protected override AuthRequest WithoutCredentials() => Requests.Get("/api", ("Authorization", "Basic Ym9iOnB3"));

    protected override AuthRequest WithValidCredentials() => Header(_token);

    protected override IEnumerable<AuthRequest> WithMalformedCredentials() =>
    [
        Header("not-a-token"),
        Header("gh_never-issued"),
        Query("gh_never-issued"),
        Cookie("%%%"),
    ];

    protected override IEnumerable<AuthRequest> WithGarbage(string value) =>
    [
        Header(value),
        Query(Uri.EscapeDataString(value.Replace("\ud800", string.Empty, StringComparison.Ordinal).Replace("\udc00", string.Empty, StringComparison.Ordinal))),
        Requests.Make("GET", "/", "token=" + value),
        Cookie(value),
    ];

    [Theory]
    [InlineData("header")]
    [InlineData("query")]
    [InlineData("cookie")]
    public async Task Token_is_read_from_each_source_with_its_permission_and_binding_id(string source)
    {
        var request = source switch
        {
            "header" => Header(_token),
            "query" => Query(_token),
            _ => Cookie(_token),
        };

        var result = await CreateAuthenticator().AuthenticateAsync(request);

        Assert.Equal(AuthOutcome.Success, result.Outcome);
        Assert.Equal(new Identity("bob", AuthenticatorNames.Token, "r", _services.Tokens.BindingOf(_token).Id), result.Identity);
    }

    [Fact]
    public async Task Header_is_read_before_query_and_query_before_cookie()
    {
        var request = Requests.Make("GET", "/", "token=gh_unknown", null, ("X-Authentication-Token", _token), ("Cookie", "X-Authentication-Token=gh_unknown"));
        var queryFirst = Requests.Make("GET", "/", "token=gh_unknown", null, ("Cookie", "X-Authentication-Token=" + _token));

        Assert.Equal(AuthOutcome.Success, (await CreateAuthenticator().AuthenticateAsync(request)).Outcome);
        Assert.Equal(AuthOutcome.Fail, (await CreateAuthenticator().AuthenticateAsync(queryFirst)).Outcome);
    }

    [Theory]
    [InlineData("FromHeader", "header")]
    [InlineData("FromQuery", "query")]
    [InlineData("FromCookie", "cookie")]
    public async Task A_switched_off_source_is_not_read(string option, string source)
    {
        using var services = TestServices.Create($"Gatehouse:Plugins:TOKEN_AUTH:{option}=false");
        var token = services.Tokens.Issue("bob");
        var request = source switch
        {
            "header" => Header(token),
            "query" => Query(token),
            _ => Cookie(token),
        };

        var result = await services.Plugin(AuthenticatorNames.Token).AuthenticateAsync(request);

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Theory]
    [InlineData(TokenShape.Prefixed)]
    [InlineData(TokenShape.Uuid)]
    public async Task A_gatehouse_token_of_either_shape_is_read_from_a_bearer_authorization(TokenShape shape)
    {
        var token = GatehouseShapedToken(shape);
        _services.Tokens.Put(token, "bob");

        var result = await CreateAuthenticator().AuthenticateAsync(Bearer(token));

        Assert.Equal(AuthOutcome.Success, result.Outcome);
        Assert.Equal("bob", result.Identity!.UserName);
    }

    [Theory]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2ln")]
    [InlineData("Bearer ghp_1234567890abcdef")]
    [InlineData("Bearer 01234567-89AB-CDEF-0123-456789ABCDEF")]
    [InlineData("Bearer")]
    [InlineData("Basic Ym9iOnB3")]
    public async Task A_bearer_value_that_is_not_a_gatehouse_token_is_left_to_other_plugins(string authorization)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Requests.Get("/api", ("Authorization", authorization)));

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Fact]
    public async Task A_mistyped_gatehouse_bearer_token_fails()
    {
        var token = GatehouseShapedToken();
        var typo = token[..^1] + (token[^1] == 'a' ? 'b' : 'a');

        var result = await CreateAuthenticator().AuthenticateAsync(Bearer(typo));

        Assert.Equal(AuthOutcome.Fail, result.Outcome);
    }

    [Fact]
    public async Task Bearer_tokens_are_not_read_when_switched_off()
    {
        using var services = TestServices.Create("Gatehouse:Plugins:TOKEN_AUTH:FromBearer=false");
        var token = GatehouseShapedToken();
        services.Tokens.Put(token, "bob");

        var result = await services.Plugin(AuthenticatorNames.Token).AuthenticateAsync(Bearer(token));

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("gh_unknown")]
    public async Task Unknown_or_malformed_token_fails_as_unknown(string token)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Header(token));

        Assert.Equal("unknown token", result.Reason);
    }

    [Fact]
    public async Task Expired_token_fails_as_expired()
    {
        var token = _services.Tokens.Issue("bob", expiresAt: TestServices.Start.AddMinutes(10));
        _services.Time.Advance(TimeSpan.FromMinutes(10));

        var result = await CreateAuthenticator().AuthenticateAsync(Header(token));

        Assert.Equal(AuthOutcome.Fail, result.Outcome);
        Assert.Equal("expired", result.Reason);
    }

    [Fact]
    public async Task Revoked_token_fails()
    {
        var binding = _services.Tokens.BindingOf(_token);
        await _services.Tokens.RevokeByIdAsync("bob", binding.Id);

        var result = await CreateAuthenticator().AuthenticateAsync(Header(_token));

        Assert.Equal("unknown token", result.Reason);
    }

    [Theory]
    [InlineData(false, AuthOutcome.Fail)]
    [InlineData(true, AuthOutcome.Success)]
    public async Task Token_of_the_anonymous_user_is_refused_unless_allowed(bool allow, AuthOutcome expected)
    {
        using var services = TestServices.Create("Gatehouse:Users:AnonymousUser=Guest", $"Gatehouse:Plugins:TOKEN_AUTH:AllowAnonymous={allow}");
        var token = services.Tokens.Issue("guest");

        var result = await services.Plugin(AuthenticatorNames.Token).AuthenticateAsync(Header(token));

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public async Task Storage_outage_is_thrown_for_the_chain_to_turn_into_503()
    {
        _services.Tokens.Unavailable = true;

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => CreateAuthenticator().AuthenticateAsync(Header(_token)).AsTask());
    }

    private static string GatehouseShapedToken(TokenShape shape = TokenShape.Prefixed) => TokenFormat.Derive(new byte[32], Guid.NewGuid().ToString("N"), shape);

    private static AuthRequest Bearer(string token) => Requests.Get("/api", ("Authorization", "bearer " + token));

    private static AuthRequest Header(string token) => Requests.Get("/api", ("X-Authentication-Token", token));

    private static AuthRequest Query(string token) => Requests.Make("GET", "/api", "?token=" + token);

    private static AuthRequest Cookie(string token) => Requests.Get("/api", ("Cookie", "other=1; X-Authentication-Token=" + token));
}
