using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;

namespace Gatehouse.Tests.Plugins;

/// <summary>For ANONYMOUS_AUTH the "credential" is configuration: none configured is NoResult.</summary>
public sealed class AnonymousAuthenticatorTests : AuthenticatorContractTests, IDisposable
{
    private readonly TestServices _configured = TestServices.Create("Gatehouse:Users:AnonymousUser=Guest");
    private readonly TestServices _unconfigured = TestServices.Create();

    protected override string ValidUserName => "Guest";

    public void Dispose()
    {
        _configured.Dispose();
        _unconfigured.Dispose();
    }

    protected override IAuthenticator CreateAuthenticator() => _configured.Plugin(AuthenticatorNames.Anonymous);

    protected override IAuthenticator CreateAuthenticatorWithoutCredentials() => _unconfigured.Plugin(AuthenticatorNames.Anonymous);

    protected override AuthRequest WithoutCredentials() => Requests.Get();

    protected override AuthRequest WithValidCredentials() => Requests.Get("/", ("Authorization", "Basic whatever"));

    protected override IEnumerable<AuthRequest> WithGarbage(string value) => [Requests.Get("/", ("Authorization", value))];

    [Fact]
    public async Task Blank_anonymous_user_counts_as_none()
    {
        using var services = TestServices.Create("Gatehouse:Users:AnonymousUser= ");

        var result = await services.Plugin(AuthenticatorNames.Anonymous).AuthenticateAsync(Requests.Get());

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }
}
