using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Gatehouse.Network;
using Gatehouse.Users;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// The caller (Nuxeo's <c>/api/v1/me</c>): <c>GET</c> answers the user with <c>isAdministrator</c>, <c>isAnonymous</c>
/// and <c>extendedGroups</c> (the anonymous user too: Nuxeo Drive probes it); <c>PUT /api/v1/me/changepassword</c>
/// <c>{"oldPassword","newPassword"}</c> changes the caller's own password, proven with the current one (401 when wrong,
/// counted by regulation like any failed sign-in). The credential cache forgets the old password at once.
/// </summary>
internal sealed class MeEndpoint(
    IAuthenticationChain chain,
    IUserDirectory users,
    UserAnswers answers,
    PasswordRules rules,
    ClientAddressResolver clients,
    ILogger<MeEndpoint> logger) : IAnswersNuxeoExceptions
{
    private const string ChangePasswordSegment = "changepassword";

    public Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        return DirectoryPath.Segments(context) switch
        {
            [] => HttpMethods.IsGet(method) ? GetAsync(context) : Responses.MethodNotAllowedAsync(context, HttpMethods.Get),
            [ChangePasswordSegment] => HttpMethods.IsPut(method) ? ChangePasswordAsync(context) : Responses.MethodNotAllowedAsync(context, HttpMethods.Put),
            _ => DirectoryAccess.NotFoundAsync(context, "the caller's API has /api/v1/me and /api/v1/me/changepassword."),
        };
    }

    private async Task GetAsync(HttpContext context)
    {
        if (await chain.AuthenticateCallerAsync(context) is not { } principal)
        {
            return;
        }

        if (principal.IsAnonymous)
        {
            await DirectoryAccess.WriteJsonAsync(context, StatusCodes.Status200OK, UserJson.Anonymous(principal), GatehouseJsonContext.Default.UserJson);
            return;
        }

        await WriteCallerAsync(context, principal);
    }

    private async Task ChangePasswordAsync(HttpContext context)
    {
        if (await chain.CallerAsync(context) is not { } principal ||
            await DirectoryRequest.ReadAsync(context, GatehouseJsonContext.Default.PasswordChangeBody) is not { } body)
        {
            return;
        }

        if (string.IsNullOrEmpty(body.OldPassword) || string.IsNullOrEmpty(body.NewPassword))
        {
            await DirectoryAccess.BadRequestAsync(context, "oldPassword and newPassword are both required.");
            return;
        }

        var client = AttemptClient.Known(clients.Resolve(context.Connection.RemoteIpAddress, context.Request.Headers));
        var check = await users.VerifyPasswordAsync(principal.UserName, body.OldPassword, client, context.RequestAborted);
        if (check.IsThrottled)
        {
            await Responses.DenyAsync(context, ChainDecision.Throttled(check.ThrottledReason!, check.RetryAfter));
            return;
        }

        if (check.User is not { } user || !principal.IsSelf(user.UserName))
        {
            DirectoryLog.PasswordChangeRefused(logger, principal.UserName);
            await Responses.ErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: the current password (oldPassword) is wrong.");
            return;
        }

        rules.Enforce(body.NewPassword, user.UserName, user.Email, "newPassword");
        if (await users.UpdateAsync(user.UserName, new UserUpdate(Password: body.NewPassword), context.RequestAborted) == UserUpdateResult.NotFound)
        {
            await DirectoryAccess.UserNotFoundAsync(context, user.UserName);
            return;
        }

        DirectoryLog.PasswordChanged(logger, user.UserName);
        await WriteCallerAsync(context, principal);
    }

    private async Task WriteCallerAsync(HttpContext context, Principal principal)
    {
        // The chain has just read this user; gone since, it is as unknown as the chain would say.
        if (await users.GetAsync(principal.UserName, context.RequestAborted) is not { } user)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: unknown user.");
            return;
        }

        await answers.WriteAsync(context, StatusCodes.Status200OK, user);
    }
}
