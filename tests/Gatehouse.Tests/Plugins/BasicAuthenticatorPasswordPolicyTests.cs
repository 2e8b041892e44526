using System.Text;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;

namespace Gatehouse.Tests.Plugins;

/// <summary>BASIC_AUTH under <c>Gatehouse:Policy:Passwords</c>: which endpoints may see a password checked.</summary>
public sealed class BasicAuthenticatorPasswordPolicyTests
{
    public static TheoryData<PasswordPolicy, CredentialContext, bool> Matrix() => new()
    {
        { PasswordPolicy.Everywhere, CredentialContext.Api, true },
        { PasswordPolicy.Everywhere, CredentialContext.Handshake, true },
        { PasswordPolicy.Everywhere, CredentialContext.SignIn, true },
        { PasswordPolicy.SignInAndHandshake, CredentialContext.Api, false },
        { PasswordPolicy.SignInAndHandshake, CredentialContext.Handshake, true },
        { PasswordPolicy.SignInAndHandshake, CredentialContext.SignIn, true },
        { PasswordPolicy.SignInOnly, CredentialContext.Api, false },
        { PasswordPolicy.SignInOnly, CredentialContext.Handshake, false },
        { PasswordPolicy.SignInOnly, CredentialContext.SignIn, true },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_password_is_checked_only_where_the_policy_accepts_one(PasswordPolicy policy, CredentialContext context, bool accepted)
    {
        using var services = Create(policy);

        var result = await services.Plugin(AuthenticatorNames.Basic).AuthenticateAsync(Basic("bob:s3cret", context));

        Assert.Equal(accepted ? AuthOutcome.Success : AuthOutcome.Fail, result.Outcome);
        Assert.Equal(accepted ? 1 : 0, services.Users.VerifyCalls);
        Assert.Equal(accepted ? null : PasswordPolicies.RefusalReason, result.Reason);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void The_challenge_is_offered_only_where_a_password_is_accepted(PasswordPolicy policy, CredentialContext context, bool accepted)
    {
        using var services = Create(policy);
        var basic = (IPromptingAuthenticator)services.Plugin(AuthenticatorNames.Basic);

        Assert.Equal(accepted, basic.GetChallenge(Requests.To(context, "/api/things")) is not null);
    }

    [Fact]
    public async Task A_refused_password_names_its_login_for_the_refusal_log()
    {
        using var services = Create(PasswordPolicy.SignInOnly);

        var result = await services.Plugin(AuthenticatorNames.Basic).AuthenticateAsync(Basic("bob:wrong", CredentialContext.Api));

        Assert.Equal("bob", result.Login);
        Assert.Equal(PasswordPolicies.RefusalReason, result.Reason);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic !!!not-base64!!!")]
    public async Task Malformed_basic_credentials_are_refused_for_the_policy_too(string header)
    {
        using var services = Create(PasswordPolicy.SignInOnly);

        var result = await services.Plugin(AuthenticatorNames.Basic).AuthenticateAsync(Requests.Get("/api/things", ("Authorization", header)));

        Assert.Equal(PasswordPolicies.RefusalReason, result.Reason);
    }

    [Fact]
    public async Task Another_scheme_is_still_not_ours_under_the_strictest_policy()
    {
        using var services = Create(PasswordPolicy.SignInOnly);

        var result = await services.Plugin(AuthenticatorNames.Basic).AuthenticateAsync(Requests.Get("/api/things", ("Authorization", "Bearer abc.def.ghi")));

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    private static TestServices Create(PasswordPolicy policy)
    {
        var services = TestServices.Create($"Gatehouse:Policy:Passwords={policy}");
        services.Users.Add("bob", "s3cret", "bob@example.com");
        return services;
    }

    private static AuthRequest Basic(string credentials, CredentialContext context) =>
        Requests.To(context, "/api/things", ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))));
}
