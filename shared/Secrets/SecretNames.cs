namespace Gatehouse.Secrets;

/// <summary>The secrets Gatehouse reads (SPEC §3): Key Vault secret names and configuration keys alike.</summary>
public static class SecretNames
{
    /// <summary>The portal SSO shared secret (SPEC §5.3).</summary>
    public const string PortalSsoSecret = "portal-sso-secret";

    /// <summary>The key tokens are derived with (SPEC §9): base64, at least 32 bytes.</summary>
    public const string TokenKey = "token-key";
}
