namespace Gatehouse.Functions.Hosting;

/// <summary>
/// Every route Gatehouse serves (SPEC §1.2), written once: the <c>[HttpTrigger]</c> attributes the Functions SDK
/// turns into metadata, and the standalone mode's own routing, use these same templates and methods.
/// </summary>
internal static class Routes
{
    public const string Handshake = "authentication/token";

    public const string TokenApi = "api/v1/token/{*rest}";

    public const string Authorize = "authorize/{*path}";

    public const string TokenPage = "tokens/{*asset}";

    public const string Health = "health";

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

    /// <summary>The web sign-in, as a request path.</summary>
    public const string SignInPath = "/signin";

    /// <summary>Nuxeo Drive's browser sign-in, as a request path.</summary>
    public const string DriveSignInPath = "/" + DriveSignIn;

    /// <summary>The device grant's verification page, as a request path.</summary>
    public const string DeviceVerificationPath = "/" + DeviceVerification;

    /// <summary>Readiness, as a request path.</summary>
    public const string HealthPath = "/" + Health;
}
