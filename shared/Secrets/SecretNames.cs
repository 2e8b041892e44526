namespace Gatehouse.Secrets;

/// <summary>The secrets Gatehouse reads (SPEC §3): Key Vault secret names and configuration keys alike.</summary>
public static class SecretNames
{
    /// <summary>The portal SSO shared secret (SPEC §5.3).</summary>
    public const string PortalSsoSecret = "portal-sso-secret";

    /// <summary>The key tokens are derived with (SPEC §9): base64, at least 32 bytes.</summary>
    public const string TokenKey = "token-key";

    /// <summary>
    /// The key second-factor (TOTP) secrets are encrypted with at rest (SPEC §12): base64, at least 32 bytes. Its own
    /// secret, not <see cref="TokenKey"/>: rotating the token key (after a leak of tokens, say) must not make every
    /// enrolled authenticator unreadable once the overlap ends, and a leak of one key must not give the other.
    /// </summary>
    public const string MfaKey = "mfa-key";
}
