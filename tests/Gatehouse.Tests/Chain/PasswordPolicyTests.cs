using System.Text;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Chain;

/// <summary>
/// <c>Gatehouse:Policy:Passwords</c> through the chain as the app wires it (cache, regulation, directory): a refused
/// password is a 401 that points to tokens, logged, never checked and never counted; tokens are untouched.
/// </summary>
public sealed class PasswordPolicyTests : IDisposable
{
    private readonly List<TestServices> _created = [];

    public void Dispose() => _created.ForEach(s => s.Dispose());

    [Fact]
    public void Passwords_are_accepted_everywhere_unless_configured()
    {
        var services = Create();

        Assert.Equal(PasswordPolicy.Everywhere, services.Provider.GetRequiredService<IOptions<PolicyOptions>>().Value.Passwords);
    }

    [Theory]
    [InlineData("Never")]
    [InlineData("7")]
    public void An_unknown_policy_stops_start_up_naming_its_key(string value)
    {
        using var services = TestServices.Create($"Gatehouse:Policy:Passwords={value}");

        var error = Assert.ThrowsAny<Exception>(services.ValidateOnStart);

        Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
        Assert.Contains("Gatehouse:Policy:Passwords", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_password_is_unauthenticated_with_the_tokens_reason_and_no_challenge()
    {
        var services = Create("SignInOnly");

        var decision = await services.Chain.AuthenticateAsync(Basic(CredentialContext.Api, "bob:s3cret"));

        Assert.Equal(DecisionKind.Unauthenticated, decision.Kind);
        Assert.Equal(PasswordPolicies.RefusalReason, decision.Reason);
        Assert.Equal(AuthenticatorNames.Basic, decision.Plugin);
        Assert.Null(decision.Challenge);
        Assert.Equal(0, services.Users.VerifyCalls);
    }

    [Fact]
    public async Task A_refused_password_is_logged_as_a_refusal_naming_the_login_and_never_the_password()
    {
        var services = Create("SignInOnly");

        await services.Chain.AuthenticateAsync(Basic(CredentialContext.Api, "bob:Sup3r-S3cret!"));

        var entry = Assert.Single(services.Logs.Entries, e => e.EventId.Id == LogEvents.CredentialRefused);
        Assert.Contains(PasswordPolicies.RefusalReason, entry.Message, StringComparison.Ordinal);
        Assert.Contains("bob", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-S3cret!", string.Join("\n", services.Logs.Entries.Select(e => e.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_passwords_are_never_counted_so_the_sign_in_is_not_banned()
    {
        var services = Create("SignInOnly");
        for (var i = 0; i < 10; i++)
        {
            await services.Chain.AuthenticateAsync(Basic(CredentialContext.Api, "bob:wrong"));
        }

        var signIn = await services.Chain.AuthenticateAsync(Basic(CredentialContext.SignIn, "bob:s3cret"));

        Assert.Equal(DecisionKind.Allowed, signIn.Kind);
        Assert.Equal(1, services.Users.VerifyCalls);
    }

    [Fact]
    public async Task A_password_the_cache_already_knows_is_refused_all_the_same()
    {
        var services = Create("SignInAndHandshake");
        Assert.Equal(DecisionKind.Allowed, (await services.Chain.AuthenticateAsync(Basic(CredentialContext.Handshake, "bob:s3cret"))).Kind);

        var decision = await services.Chain.AuthenticateAsync(Basic(CredentialContext.Api, "bob:s3cret"));

        Assert.Equal(PasswordPolicies.RefusalReason, decision.Reason);
    }

    [Theory]
    [InlineData(CredentialContext.Api)]
    [InlineData(CredentialContext.Handshake)]
    public async Task Tokens_work_wherever_passwords_are_refused(CredentialContext context)
    {
        var services = Create("SignInOnly");
        var token = services.Tokens.Issue("bob");

        var decision = await services.Chain.AuthenticateAsync(Requests.To(context, "/api/things", ("X-Authentication-Token", token)));

        Assert.Equal(DecisionKind.Allowed, decision.Kind);
    }

    [Fact]
    public async Task Without_credentials_no_password_is_invited_where_none_is_accepted()
    {
        var services = Create("SignInAndHandshake");

        var api = await services.Chain.AuthenticateAsync(Requests.To(CredentialContext.Api, "/api/things"));
        var handshake = await services.Chain.AuthenticateAsync(Requests.To(CredentialContext.Handshake, "/authentication/token"));

        Assert.Null(api.Challenge);
        Assert.Equal("Basic realm=\"Gatehouse\"", handshake.Challenge);
    }

    private TestServices Create(string? policy = null)
    {
        var services = policy is null ? TestServices.Create() : TestServices.Create($"Gatehouse:Policy:Passwords={policy}");
        _created.Add(services);
        services.ValidateOnStart();
        services.Users.Add("bob", "s3cret", "bob@example.com");
        return services;
    }

    private static AuthRequest Basic(CredentialContext context, string credentials) =>
        Requests.To(context, "/api/things", ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))));
}
