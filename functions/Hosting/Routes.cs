namespace Gatehouse.Functions.Hosting;

/// <summary>
/// Every route Gatehouse serves (SPEC §1.2), written once: the <c>[HttpTrigger]</c> attributes the Functions SDK
/// turns into metadata, and the standalone mode's own routing, use these same templates and methods.
/// </summary>
internal static class Routes
{
    public const string Handshake = "authentication/token";

    public const string TokenApi = "api/v1/token/{*rest}";

    /// <summary>
    /// The directory API (SPEC §10), one function per resource family, each with a catch-all rest: Nuxeo's
    /// <c>/api/v1/user</c>, <c>/group</c> and <c>/me</c>, and all three again under <c>/site/api/v1/{family}</c>,
    /// which Nuxeo serves alike and both Nuxeo clients call for <c>me</c>.
    /// </summary>
    public const string UserApi = "api/v1/user/{*rest}";

    public const string GroupApi = "api/v1/group/{*rest}";

    public const string MeApi = "api/v1/me/{*rest}";

    public const string SiteApi = "site/api/v1/{family}/{*rest}";

    public const string Authorize = "authorize/{*path}";

    public const string TokenPage = "tokens/{*asset}";

    /// <summary>The administration page (users and groups), built like the token page.</summary>
    public const string AdminPage = "admin/{*asset}";

    public const string Health = "health";

    public const string AuditApi = "api/v1/audit";

    public const string SignIn = "signin/{*step}";

    /// <summary>Nuxeo Drive's browser sign-in (NUXEO-FACTS §3), at Nuxeo's own path.</summary>
    public const string DriveSignIn = "drive_browser_login.jsp";

    /// <summary>The device grant's start (RFC 8628 §3.1).</summary>
    public const string DeviceAuthorization = "oauth2/device_authorization";

    /// <summary>The device grant's poll (RFC 8628 §3.4), the only grant of this token endpoint.</summary>
    public const string OAuthToken = "oauth2/token";

    /// <summary>The device grant's verification page, where the user enters the code (RFC 8628 §3.3).</summary>
    public const string DeviceVerification = "device";

    /// <summary>The files every page shares (the sign-in module).</summary>
    public const string PageFiles = "pages/{*asset}";

    /// <summary>
    /// The root, standalone only: under the Functions host an empty route means the function's name, and <c>/</c>
    /// is the host's own page.
    /// </summary>
    public const string Home = "";

    /// <summary>The handshake, as a request path.</summary>
    public const string HandshakePath = "/" + Handshake;

    /// <summary>The authorizer's own path, before its <c>{*path}</c> suffix.</summary>
    public const string AuthorizePath = "/authorize";

    /// <summary>The token page, as a request path.</summary>
    public const string TokenPagePath = "/tokens";

    /// <summary>The token API, as a request path.</summary>
    public const string TokenApiPath = "/api/v1/token";

    /// <summary>The user API, as a request path.</summary>
    public const string UserApiPath = "/api/v1/user";

    /// <summary>The group API, as a request path.</summary>
    public const string GroupApiPath = "/api/v1/group";

    /// <summary>The audit trail, as a request path.</summary>
    public const string AuditApiPath = "/" + AuditApi;

    /// <summary>Nuxeo's second root of the same API (<c>/site/api/v1/...</c>), as a request path.</summary>
    public const string SiteApiPath = "/site/api";

    /// <summary>The web sign-in, as a request path.</summary>
    public const string SignInPath = "/signin";

    /// <summary>Nuxeo Drive's browser sign-in, as a request path.</summary>
    public const string DriveSignInPath = "/" + DriveSignIn;

    /// <summary>The device grant's verification page, as a request path.</summary>
    public const string DeviceVerificationPath = "/" + DeviceVerification;

    /// <summary>Readiness, as a request path.</summary>
    public const string HealthPath = "/" + Health;
}
