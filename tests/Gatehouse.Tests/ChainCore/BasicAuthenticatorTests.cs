using Gatehouse.Chain;
using Gatehouse.Plugins;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.ChainCore;

public sealed class BasicAuthenticatorTests : AuthenticatorContractTests
{
    private readonly InMemoryDirectory _users = new InMemoryDirectory().With("joe", "s3cret:with:colons", email: "joe@example.test");

    private BasicAuthenticator Create(BasicAuthenticatorOptions? options = null) => new(_users, Options.Create(options ?? new BasicAuthenticatorOptions()));

    protected override IAuthenticator CreatePlugin() => Create();

    protected override AuthRequest WithMalformedCredentials() => Requests.Get(headers: ("Authorization", "Basic !!!"));

    protected override AuthRequest WithValidCredentials() => Requests.Get(headers: Requests.Basic("joe", "s3cret:with:colons"));

    protected override AuthRequest WithCredentialValue(string value) => Requests.Get(headers: ("Authorization", "Basic " + value));

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("Digest username=\"joe\"")]
    [InlineData("BasicAuth xyz")]
    public async Task Other_schemes_are_not_ours(string header)
    {
        var result = await Create().AuthenticateAsync(Requests.Get(headers: ("Authorization", header)));
        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("BASIC")]
    public async Task The_scheme_is_case_insensitive(string scheme)
    {
        var (_, value) = Requests.Basic("joe", "s3cret:with:colons");
        var result = await Create().AuthenticateAsync(Requests.Get(headers: ("Authorization", scheme + value[5..])));
        Assert.Equal(AuthOutcome.Success, result.Outcome);
    }

    [Theory]
    [InlineData("joe", "")]
    [InlineData("", "password")]
    [InlineData("joe", "wrong")]
    [InlineData("nobody", "s3cret:with:colons")]
    public async Task Empty_parts_wrong_passwords_and_unknown_users_fail(string user, string password)
    {
        var result = await Create().AuthenticateAsync(Requests.Get(headers: Requests.Basic(user, password)));
        Assert.Equal(AuthOutcome.Fail, result.Outcome);
    }

    [Fact]
    public async Task The_password_is_everything_after_the_first_colon_and_the_email_works_as_login()
    {
        var result = await Create().AuthenticateAsync(Requests.Get(headers: Requests.Basic("JOE@example.test", "s3cret:with:colons")));
        Assert.Equal("joe", result.Identity!.UserName);
    }

    [Fact]
    public async Task Invalid_utf8_inside_valid_base64_fails()
    {
        var result = await Create().AuthenticateAsync(Requests.Get(headers: ("Authorization", "Basic " + Convert.ToBase64String([0xff, 0xfe, (byte)':', 0x41]))));
        Assert.Equal(AuthOutcome.Fail, result.Outcome);
    }

    [Fact]
    public void The_challenge_names_the_realm_with_quotes_escaped()
    {
        var plugin = Create(new BasicAuthenticatorOptions { Realm = "My \"Realm\"" });
        Assert.Equal("Basic realm=\"My \\\"Realm\\\"\"", plugin.GetChallenge(Requests.Get()));
    }

    [Fact]
    public void Without_auto_prompt_only_listed_prefixes_prompt()
    {
        var plugin = Create(new BasicAuthenticatorOptions { AutoPrompt = false, PromptUrls = ["/site/"] });
        Assert.NotNull(plugin.GetChallenge(Requests.Get("/site/api")));
        Assert.Null(plugin.GetChallenge(Requests.Get("/ui/")));
    }
}
