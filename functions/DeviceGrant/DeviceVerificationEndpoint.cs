using Gatehouse.DeviceGrant;
using Gatehouse.Functions.Http;
using Gatehouse.Functions.Pages;

namespace Gatehouse.Functions.DeviceGrant;

/// <summary>
/// <c>/device</c>, the device grant's verification page (RFC 8628 §3.3, SPEC §12):
/// <list type="bullet">
/// <item><c>GET</c> without a code (or with a wrong or expired one, saying so): a form for the code the device shows.</item>
/// <item><c>GET ?user_code=</c> of a pending code: the consent screen Drive's sign-in shows (<see cref="ConsentScreen"/>):
/// the shared sign-in with the second factor, then the application, device and permission. A GET decides nothing.</item>
/// <item><c>POST ?user_code=</c>, the consent form with the tab's page session: approve or deny. Both need the session,
/// so only a signed-in user settles a code; a cross-site POST is refused (<see cref="CrossSiteWriteGuard"/>).</item>
/// </list>
/// </summary>
internal sealed partial class DeviceVerificationEndpoint(PageAssets assets, DeviceGrants grants, ConsentPost consent, ILogger<DeviceVerificationEndpoint> logger)
{
    private const string CodePage = "device/code.html";
    private const string DonePage = "device/done.html";
    private const string UnknownCode = "That code is wrong or has expired. Start again on your device and enter the new code.";

    public Task HandleAsync(HttpContext context) => context.Request.Method switch
    {
        var method when HttpMethods.IsGet(method) => ShowAsync(context),
        var method when HttpMethods.IsPost(method) => DecideAsync(context),
        _ => Responses.MethodNotAllowedAsync(context, "GET, POST"),
    };

    private async Task ShowAsync(HttpContext context)
    {
        var typed = context.Request.Query.Value("user_code");
        if (typed is null)
        {
            await CodeFormAsync(context, StatusCodes.Status200OK, string.Empty, string.Empty);
            return;
        }

        if (await grants.FindPendingAsync(typed, context.RequestAborted) is not { } grant)
        {
            await CodeFormAsync(context, StatusCodes.Status404NotFound, typed, UnknownCode);
            return;
        }

        await assets.RenderAsync(context, StatusCodes.Status200OK, ConsentScreen.Page, ConsentScreen.Values(grant.ClientId, grant.DeviceId, grant.DeviceDescription, grant.Permission));
    }

    private async Task DecideAsync(HttpContext context)
    {
        var typed = context.Request.Query.Value("user_code");
        if (await ConsentPost.ReadAsync(context) is not var (approve, session) || await consent.SessionAsync(context, session) is not { } principal)
        {
            return;
        }

        switch (await grants.DecideAsync(typed, principal.UserName, approve, context.RequestAborted))
        {
            case DeviceDecision.Decided when approve:
                await DoneAsync(context, StatusCodes.Status200OK, "Device connected", "You allowed the device: it gets its token in a few seconds. You can close this window.");
                return;
            case DeviceDecision.Decided:
                await DoneAsync(context, StatusCodes.Status200OK, "Cancelled", "You did not allow the device: it gets no token. You can close this window.");
                return;
            case DeviceDecision.AlreadyDecided:
                LogAlreadyDecided(logger, principal.UserName);
                await DoneAsync(context, StatusCodes.Status409Conflict, "Already decided", "This code was approved or denied before. Start again on your device for a new one.");
                return;
            default:
                await CodeFormAsync(context, StatusCodes.Status404NotFound, typed ?? string.Empty, UnknownCode);
                return;
        }
    }

    private Task CodeFormAsync(HttpContext context, int status, string code, string message) =>
        assets.RenderAsync(context, status, CodePage, new Dictionary<string, string> { ["code"] = code, ["message"] = message });

    private Task DoneAsync(HttpContext context, int status, string title, string message) =>
        assets.RenderAsync(context, status, DonePage, new Dictionary<string, string> { ["title"] = title, ["message"] = message });

    [LoggerMessage(EventId = LogEvents.DeviceGrantAlreadyDecided, EventName = nameof(LogEvents.DeviceGrantAlreadyDecided), Level = LogLevel.Information, Message = "Device grant: {User} posted a decision on a code already decided")]
    private static partial void LogAlreadyDecided(ILogger logger, string user);
}
