using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Gatehouse.Functions.Pages;
using Gatehouse.Plugins;
using Gatehouse.Tokens;

namespace Gatehouse.Functions.Drive;

/// <summary>
/// Nuxeo Drive's browser sign-in, <c>drive_browser_login.jsp</c> (SPEC §12, NUXEO-FACTS §3):
/// <list type="bullet">
/// <item><c>GET</c> without parameters is Drive's probe: 200, a page saying what this is.</item>
/// <item><c>GET</c> with Drive's parameters: the sign-in (the shared module, with the second factor), then a consent
/// screen naming the application, the device and the permission. A GET never mints a token.</item>
/// <item><c>POST</c> (the consent form: <c>decision</c> = <c>approve</c> or <c>cancel</c>, and the page session the
/// sign-in gave this browser) approves: the triplet's token (the same one again for a triplet that has it, as the
/// handshake gives it), handed back by a page that opens <c>nxdrive://token/&lt;token&gt;/user/&lt;user&gt;</c>, or as
/// JSON <c>{"username","token"}</c> with <c>useProtocol=false</c>. A cancel lands on a page that says so.</item>
/// </list>
/// The approval takes the page session in the form body, never a cookie or a Basic header a browser would add by
/// itself, so a page elsewhere cannot approve for the user; a cross-site POST is refused besides
/// (<see cref="CrossSiteWriteGuard"/>).
/// </summary>
internal sealed partial class DriveSignInEndpoint(
    PageAssets assets,
    IAuthenticationChain chain,
    CredentialAuthority authority,
    ITokenService tokens,
    ILogger<DriveSignInEndpoint> logger)
{
    private const string ProbePage = "drive/probe.html";
    private const string ConsentPage = "drive/consent.html";
    private const string ApprovedPage = "drive/approved.html";
    private const string CancelledPage = "drive/cancelled.html";

    /// <summary>The consent form is two fields and a session token: anything longer is not it.</summary>
    private const int MaxFormLength = 4 * 1024;

    public Task HandleAsync(HttpContext context) => context.Request.Method switch
    {
        var method when HttpMethods.IsGet(method) => ShowAsync(context),
        var method when HttpMethods.IsPost(method) => DecideAsync(context),
        _ => Responses.MethodNotAllowedAsync(context, "GET, POST"),
    };

    private Task ShowAsync(HttpContext context)
    {
        if (DriveSignInRequest.IsProbe(context.Request.Query))
        {
            return assets.RenderAsync(context, StatusCodes.Status200OK, ProbePage, new Dictionary<string, string>());
        }

        if (DriveSignInRequest.From(context.Request.Query, out var problem) is not { } request)
        {
            return Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: " + problem + ".");
        }

        return assets.RenderAsync(context, StatusCodes.Status200OK, ConsentPage, new Dictionary<string, string>
        {
            ["application"] = request.ApplicationName,
            ["device"] = request.DeviceId,
            ["description"] = request.DeviceDescription ?? "no description",
            ["permission"] = request.Permission == TokenPermissions.ReadWrite ? "read and write" : "read only",
        });
    }

    private async Task DecideAsync(HttpContext context)
    {
        if (DriveSignInRequest.From(context.Request.Query, out var problem) is not { } request)
        {
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: " + problem + ".");
            return;
        }

        if (!context.Request.HasFormContentType || context.Request.ContentLength is null or > MaxFormLength)
        {
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: the consent is a form (application/x-www-form-urlencoded) posted by this page.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        switch (form["decision"].ToString())
        {
            case "cancel":
                LogCancelled(logger, request.ApplicationName, request.DeviceId);
                await assets.RenderAsync(context, StatusCodes.Status200OK, CancelledPage, new Dictionary<string, string> { ["application"] = request.ApplicationName });
                return;
            case "approve":
                await ApproveAsync(context, request, form["session"].ToString());
                return;
            default:
                await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: decision must be approve or cancel.");
                return;
        }
    }

    private async Task ApproveAsync(HttpContext context, DriveSignInRequest request, string session)
    {
        if (await SessionAsync(context, session) is not { } principal)
        {
            return;
        }

        var issued = await tokens.AcquireAsync(request.ToTokenRequest(principal.UserName), context.RequestAborted);
        LogApproved(logger, principal.UserName, request.ApplicationName, request.DeviceId, issued.Created);
        context.Response.Headers.CacheControl = "no-store";
        if (!request.UseProtocol)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            await context.Response.WriteAsJsonAsync(new DriveTokenJson(principal.UserName, issued.Token), GatehouseJsonContext.Default.DriveTokenJson, cancellationToken: context.RequestAborted);
            return;
        }

        await assets.RenderAsync(context, StatusCodes.Status200OK, ApprovedPage, new Dictionary<string, string>
        {
            ["link"] = $"nxdrive://token/{Uri.EscapeDataString(issued.Token)}/user/{Uri.EscapeDataString(principal.UserName)}",
            ["application"] = request.ApplicationName,
            ["user"] = principal.UserName,
        });
    }

    /// <summary>The principal of the page session posted with the consent, through the chain like any token. Null after answering.</summary>
    private async Task<Principal?> SessionAsync(HttpContext context, string session)
    {
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

    [LoggerMessage(EventId = LogEvents.DriveSignInApproved, EventName = nameof(LogEvents.DriveSignInApproved), Level = LogLevel.Information, Message = "Drive sign-in: {User} approved {Application} on {DeviceId} (new binding: {Created})")]
    private static partial void LogApproved(ILogger logger, string user, string application, string deviceId, bool created);

    [LoggerMessage(EventId = LogEvents.DriveSignInCancelled, EventName = nameof(LogEvents.DriveSignInCancelled), Level = LogLevel.Information, Message = "Drive sign-in: cancelled for {Application} on {DeviceId}")]
    private static partial void LogCancelled(ILogger logger, string application, string deviceId);
}
