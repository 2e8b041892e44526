using Gatehouse.Chain;
using Gatehouse.Functions.Endpoints;

namespace Gatehouse.Functions.Http;

/// <summary>
/// Refuses (403) a browser's cross-site request that would change state: the handshake (whose acquire and
/// revoke are GETs, as Nuxeo made them) and every unsafe method under <c>/api/</c>. A page elsewhere could
/// otherwise make a browser that holds Basic credentials for Gatehouse mint or revoke tokens. Browsers say
/// where a request comes from in <c>Sec-Fetch-Site</c>; same-origin pages and non-browser clients (which
/// send no <c>Sec-Fetch-*</c>) are unaffected.
/// </summary>
internal sealed class CrossSiteWriteGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase) && ChangesState(request))
        {
            return Responses.TextAsync(context, StatusCodes.Status403Forbidden, "Forbidden: cross-site requests may not change tokens or users.");
        }

        return next(context);
    }

    private static bool ChangesState(HttpRequest request) =>
        request.Path.StartsWithSegments(HandshakeEndpoint.Route, StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !AccessPolicy.IsReadMethod(request.Method));
}
