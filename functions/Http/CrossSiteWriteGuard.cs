using Gatehouse.Chain;
using Gatehouse.Functions.Hosting;

namespace Gatehouse.Functions.Http;

/// <summary>
/// A browser's cross-site request that would change state is refused (403): the handshake (whose acquire and
/// revoke are GETs, as Nuxeo made them) and every unsafe method under <c>/api/</c> and <c>/site/api/</c> (the same directory API, as Nuxeo serves it twice), the sign-in (<c>/signin</c>), Drive's consent and the device grant's (<c>/device</c>). A page elsewhere could
/// otherwise make a browser that holds Basic credentials for Gatehouse mint or revoke tokens. Browsers say
/// where a request comes from in <c>Sec-Fetch-Site</c>; same-origin pages and non-browser clients (which
/// send no <c>Sec-Fetch-*</c>) are unaffected.
/// </summary>
internal static class CrossSiteWriteGuard
{
    public const string Refusal = "Forbidden: cross-site requests may not change tokens or users.";

    public static bool Refuses(HttpRequest request) =>
        string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase) && ChangesState(request);

    private static bool ChangesState(HttpRequest request) =>
        request.Path.StartsWithSegments(Routes.HandshakePath, StringComparison.OrdinalIgnoreCase)
        || (!AccessPolicy.IsReadMethod(request.Method) && WritesUnder.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Where an unsafe method changes tokens, users or a second factor, or hands a token to a device.</summary>
    private static readonly string[] WritesUnder = ["/api", Routes.SiteApiPath, Routes.SignInPath, Routes.DriveSignInPath, Routes.DeviceVerificationPath];
}
