using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Gatehouse.Plugins;

namespace Gatehouse.Functions.Pages;

/// <summary>
/// Reads the consent screen's POST (<see cref="ConsentScreen"/>): the decision, and for an approval the principal of
/// the page session posted with it. The session comes in the form body, never a cookie or a Basic header a browser
/// would add by itself, so a page elsewhere cannot approve for the user (a cross-site POST is refused besides,
/// <see cref="CrossSiteWriteGuard"/>); only a session signed in on a page may approve, not an API token.
/// </summary>
internal sealed class ConsentPost(IAuthenticationChain chain, CredentialAuthority authority)
{
    /// <summary>The consent form is two fields and a session token: anything longer is not it.</summary>
    private const int MaxFormLength = 4 * 1024;

    /// <summary>True for <c>approve</c>, false for <c>cancel</c>, with the session posted (empty when none); null after answering 400.</summary>
    public static async Task<(bool Approve, string Session)?> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasFormContentType || context.Request.ContentLength is null or > MaxFormLength)
        {
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: the consent is a form (application/x-www-form-urlencoded) posted by this page.");
            return null;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        switch (form["decision"].ToString())
        {
            case "cancel":
                return (false, form["session"].ToString());
            case "approve":
                return (true, form["session"].ToString());
            default:
                await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: decision must be approve or cancel.");
                return null;
        }
    }

    /// <summary>The principal of the page session posted with the consent, through the chain like any token. Null after answering.</summary>
    public async Task<Principal?> SessionAsync(HttpContext context, string session)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (session.Length == 0)
        {
            await Responses.TextAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: sign in on this page, then approve.");
            return null;
        }

        var headers = new HeaderDictionary { [TokenAuthenticator.HeaderName] = session };
        var decision = await chain.AuthenticateAsync(
            new AuthRequest(context.Request.Method, context.Request.Path.Value ?? "/", null, headers, remoteAddress: context.Connection.RemoteIpAddress), context.RequestAborted);
        if (decision.Kind != DecisionKind.Allowed || decision.Principal is not { IsAnonymous: false } principal)
        {
            // A page's answer carries no challenge: the browser would ask for a password itself.
            await Responses.DenyAsync(context, decision.Kind is DecisionKind.Unavailable or DecisionKind.Throttled
                ? decision
                : ChainDecision.Unauthenticated("your session has ended; sign in on this page again, then approve"));
            return null;
        }

        if ((await authority.OfAsync(principal, context.RequestAborted)).Kind != CredentialKind.Session)
        {
            await Responses.TextAsync(context, StatusCodes.Status403Forbidden, "Forbidden: only a session signed in on this page may approve.");
            return null;
        }

        return principal;
    }
}
