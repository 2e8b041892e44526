using System.Text;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;

namespace Gatehouse.Tests.Plugins;

public sealed class BasicAuthenticatorTests : CredentialAuthenticatorContractTests, IDisposable
{
    private readonly TestServices _services = TestServices.Create();

    public BasicAuthenticatorTests() =>
        _services.Users.Add("bob", "s3cret:with:colons", "bob@example.com").Add("zoé", "пароль-Café");

    protected override string ValidUserName => "bob";

    public void Dispose() => _services.Dispose();

    protected override IAuthenticator CreateAuthenticator() => _services.Plugin(AuthenticatorNames.Basic);

    protected override AuthRequest WithoutCredentials() => Requests.Get();

    protected override AuthRequest WithValidCredentials() => Basic("bob:s3cret:with:colons");

    protected override IEnumerable<AuthRequest> WithMalformedCredentials() =>
    [
        Authorization("Basic"),
        Authorization("Basic !!!not-base64!!!"),
        Authorization("Basic " + Convert.ToBase64String([0xC3, 0x28, 0x3A, 0x61])),
        Basic("no-colon"),
        Basic(":password"),
        Basic("bob:"),
    ];

    protected override IEnumerable<AuthRequest> WithGarbage(string value) =>
    [
        Authorization(value),
        Authorization("Basic " + value),
        Basic(value),
        Basic(value + ":" + value),
    ];

    [Theory]
    [InlineData("Basic")]
    [InlineData("basic")]
    [InlineData("BASIC")]
    [InlineData("bAsIc")]
    public async Task Scheme_is_case_insensitive(string scheme)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Authorization($"{scheme} {Encode("bob:s3cret:with:colons")}"));

        Assert.Equal(AuthOutcome.Success, result.Outcome);
    }

    [Theory]
    [InlineData("Bearer abc.def.ghi")]
    [InlineData("Digest username=\"bob\"")]
    [InlineData("Negotiate YII=")]
    [InlineData("Basicx Ym9iOnB3")]
    public async Task Other_schemes_are_not_ours(string header)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Authorization(header));

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Fact]
    public async Task Password_is_split_at_the_first_colon_only()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Basic("bob:s3cret:with:colons"));

        Assert.Equal("bob", result.Identity?.UserName);
    }

    [Fact]
    public async Task Login_may_be_the_email_address_and_yields_the_user_name()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Basic("BOB@example.com:s3cret:with:colons"));

        Assert.Equal("bob", result.Identity?.UserName);
    }

    [Fact]
    public async Task Non_ascii_credentials_are_utf8()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Basic("zoé:пароль-Café"));

        Assert.Equal("zoé", result.Identity?.UserName);
    }

    [Theory]
    [InlineData("bob:wrong")]
    [InlineData("nobody:s3cret:with:colons")]
    public async Task Wrong_password_or_unknown_user_fails_alike(string credentials)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Basic(credentials));

        Assert.Equal(AuthOutcome.Fail, result.Outcome);
        Assert.Equal("invalid credentials", result.Reason);
    }

    [Fact]
    public async Task Oversized_header_fails_without_decoding_or_a_directory_call()
    {
        var header = "Basic " + Encode("bob:" + new string('p', 8 * 1024));

        var result = await CreateAuthenticator().AuthenticateAsync(Authorization(header));

        Assert.Equal(AuthOutcome.Fail, result.Outcome);
        Assert.Equal("credentials too large", result.Reason);
        Assert.Equal(0, _services.Users.VerifyCalls);
    }

    [Fact]
    public async Task The_directory_is_told_the_client_address_regulation_counts()
    {
        var request = Requests.Make("GET", "/api/v1/token", null, System.Net.IPAddress.Parse("198.51.100.7"), ("Authorization", "Basic " + Encode("bob:wrong")));

        await CreateAuthenticator().AuthenticateAsync(request);

        Assert.Equal(System.Net.IPAddress.Parse("198.51.100.7"), _services.Users.LastClient);
    }

    [Fact]
    public void Prompts_with_the_default_realm()
    {
        var basic = (IPromptingAuthenticator)CreateAuthenticator();

        Assert.Equal("Basic realm=\"Gatehouse\"", basic.GetChallenge(Requests.Get("/anything")));
    }

    [Fact]
    public void Realm_quotes_and_backslashes_are_escaped()
    {
        using var services = TestServices.Create("Gatehouse:Plugins:BASIC_AUTH:Realm=My \"quoted\\\" realm");
        var basic = (IPromptingAuthenticator)services.Plugin(AuthenticatorNames.Basic);

        Assert.Equal("Basic realm=\"My \\\"quoted\\\\\\\" realm\"", basic.GetChallenge(Requests.Get()));
    }

    [Theory]
    [InlineData("/authentication/token", true)]
    [InlineData("/authentication/token/x", true)]
    [InlineData("/api/v1/token", false)]
    [InlineData("/", false)]
    public void Without_auto_prompt_only_listed_prefixes_prompt(string path, bool prompts)
    {
        using var services = TestServices.Create(
            "Gatehouse:Plugins:BASIC_AUTH:AutoPrompt=false",
            "Gatehouse:Plugins:BASIC_AUTH:PromptUrls:0=/authentication/token");
        var basic = (IPromptingAuthenticator)services.Plugin(AuthenticatorNames.Basic);

        Assert.Equal(prompts, basic.GetChallenge(Requests.Get(path)) is not null);
    }

    private static string Encode(string credentials) => Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    private static AuthRequest Basic(string credentials) => Authorization("Basic " + Encode(credentials));

    private static AuthRequest Authorization(string value) => Requests.Get("/api/v1/token", ("Authorization", value));
}
