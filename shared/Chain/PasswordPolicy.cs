namespace Gatehouse.Chain;

/// <summary>
/// Where passwords are accepted (<c>Gatehouse:Policy:Passwords</c>): Nuxeo Online Services' step 2, "tokens for
/// tools", with passwords kept at the handshake for a transition. Only password credentials count: a portal's
/// signature or a trusted proxy's header is no password a device could be holding.
/// </summary>
public enum PasswordPolicy
{
    /// <summary>Wherever the chain runs BASIC_AUTH, as before the policy existed.</summary>
    Everywhere,

    /// <summary>At the web sign-ins and the handshake, so devices can still get their first token.</summary>
    SignInAndHandshake,

    /// <summary>At the web sign-ins only: every tool uses a token.</summary>
    SignInOnly,
}

/// <summary>What a <see cref="PasswordPolicy"/> means for each <see cref="CredentialContext"/>.</summary>
public static class PasswordPolicies
{
    /// <summary>The refusal's reason, logged and answered: it says what to do instead.</summary>
    public const string RefusalReason = "passwords are not accepted here; use a token (create one on the token page, /tokens)";

    /// <summary>True when a password may be checked in <paramref name="context"/>.</summary>
    public static bool Accepts(this PasswordPolicy policy, CredentialContext context) => policy switch
    {
        PasswordPolicy.Everywhere => true,
        PasswordPolicy.SignInAndHandshake => context is CredentialContext.SignIn or CredentialContext.Handshake,
        _ => context == CredentialContext.SignIn,
    };
}
