namespace Gatehouse.Chain;

/// <summary>The names of the built-in plugins, as chain configuration spells them (Nuxeo's names).</summary>
public static class AuthenticatorNames
{
    /// <summary>HTTP Basic against the user directory (SPEC §5.1).</summary>
    public const string Basic = "BASIC_AUTH";

    /// <summary>Device tokens (SPEC §5.2).</summary>
    public const string Token = "TOKEN_AUTH";

    /// <summary>Signed portal SSO headers (SPEC §5.3).</summary>
    public const string Portal = "PORTAL_AUTH";

    /// <summary>A user name set by a trusted reverse proxy (SPEC §5.4).</summary>
    public const string Proxy = "PROXY_AUTH";

    /// <summary>The configured anonymous user (SPEC §5.5).</summary>
    public const string Anonymous = "ANONYMOUS_AUTH";
}
