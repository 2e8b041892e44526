using Gatehouse.Functions.Http;
using Gatehouse.Functions.Pages;
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
/// The consent screen and the reading of its POST (the page session in the form body, never a cookie or a Basic
/// header a browser would add by itself; a cross-site POST refused besides) are shared with the device grant's
/// verification page: <see cref="ConsentScreen"/>, <see cref="ConsentPost"/>.
/// </summary>
internal sealed partial class DriveSignInEndpoint(
    PageAssets assets,
    ConsentPost consent,
    ITokenService tokens,
    ILogger<DriveSignInEndpoint> logger)
{
    private const string ProbePage = "drive/probe.html";
    private const string ConsentPage = ConsentScreen.Page;
    private const string ApprovedPage = "drive/approved.html";
    private const string CancelledPage = "drive/cancelled.html";

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

        return assets.RenderAsync(context, StatusCodes.Status200OK, ConsentPage, ConsentScreen.Values(request.ApplicationName, request.DeviceId, request.DeviceDescription, request.Permission));
    }

    private async Task DecideAsync(HttpContext context)
    {
        if (DriveSignInRequest.From(context.Request.Query, out var problem) is not { } request)
        {
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: " + problem + ".");
            return;
        }

        switch (await ConsentPost.ReadAsync(context))
        {
            case null:
                return;
            case (false, _):
                LogCancelled(logger, request.ApplicationName, request.DeviceId);
                await assets.RenderAsync(context, StatusCodes.Status200OK, CancelledPage, new Dictionary<string, string> { ["application"] = request.ApplicationName });
                return;
            case (true, var session):
                await ApproveAsync(context, request, session);
                return;
        }
    }

    private async Task ApproveAsync(HttpContext context, DriveSignInRequest request, string session)
    {
        if (await consent.SessionAsync(context, session) is not { } principal)
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

    [LoggerMessage(EventId = LogEvents.DriveSignInApproved, EventName = nameof(LogEvents.DriveSignInApproved), Level = LogLevel.Information, Message = "Drive sign-in: {User} approved {Application} on {DeviceId} (new binding: {Created})")]
    private static partial void LogApproved(ILogger logger, string user, string application, string deviceId, bool created);

    [LoggerMessage(EventId = LogEvents.DriveSignInCancelled, EventName = nameof(LogEvents.DriveSignInCancelled), Level = LogLevel.Information, Message = "Drive sign-in: cancelled for {Application} on {DeviceId}")]
    private static partial void LogCancelled(ILogger logger, string application, string deviceId);
}
