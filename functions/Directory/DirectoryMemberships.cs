using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Gatehouse.Users;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// One user's membership of one group, reached both as <c>/api/v1/group/{group}/user/{user}</c> and
/// <c>/api/v1/user/{user}/group/{group}</c> (Nuxeo has both): <c>POST</c> puts the user in (201 and the user),
/// <c>DELETE</c> takes them out (200 and the user's name as plain text). Administrators only; unknown user or group → 404.
/// </summary>
internal sealed class DirectoryMemberships(
    IAuthenticationChain chain,
    IUserDirectory users,
    IGroupDirectory groups,
    UserAnswers answers,
    FirstAdministratorGuard guard,
    ILogger<DirectoryMemberships> logger)
{
    public Task HandleAsync(HttpContext context, string group, string user) => context.Request.Method switch
    {
        var method when HttpMethods.IsPost(method) => ChangeAsync(context, group, user, join: true),
        var method when HttpMethods.IsDelete(method) => ChangeAsync(context, group, user, join: false),
        _ => Responses.MethodNotAllowedAsync(context, "POST, DELETE"),
    };

    private async Task ChangeAsync(HttpContext context, string groupName, string userName, bool join)
    {
        if (await chain.AdministratorAsync(context) is not { } principal)
        {
            return;
        }

        if (await groups.GetAsync(groupName, context.RequestAborted) is not { } group)
        {
            await DirectoryAccess.GroupNotFoundAsync(context, groupName);
            return;
        }

        if (await users.GetAsync(userName, context.RequestAborted) is not { } user)
        {
            await DirectoryAccess.UserNotFoundAsync(context, userName);
            return;
        }

        if (!join && guard.RefusalToLeave(group.Name, user.UserName) is { } kept)
        {
            DirectoryLog.FirstAdministratorKept(logger, principal.UserName, kept);
            await DirectoryAccess.ForbiddenAsync(context, kept);
            return;
        }

        // Join and leave change the groups as stored when written: two membership changes at once never lose one another.
        var update = join ? new UserUpdate(JoinGroups: [group.Name]) : new UserUpdate(LeaveGroups: [group.Name]);
        if (await users.UpdateAsync(user.UserName, update, context.RequestAborted) == UserUpdateResult.NotFound)
        {
            await DirectoryAccess.UserNotFoundAsync(context, userName);
            return;
        }

        if (!join)
        {
            DirectoryLog.MemberRemoved(logger, principal.UserName, group.Name, user.UserName);
            await Responses.TextAsync(context, StatusCodes.Status200OK, user.UserName);
            return;
        }

        DirectoryLog.MemberAdded(logger, principal.UserName, group.Name, user.UserName);
        if (await users.GetAsync(user.UserName, context.RequestAborted) is not { } updated)
        {
            await DirectoryAccess.UserNotFoundAsync(context, userName);
            return;
        }

        await answers.WriteAsync(context, StatusCodes.Status201Created, updated);
    }
}
