using Gatehouse.Chain;
using Gatehouse.Functions.Hosting;
using Gatehouse.Functions.Http;
using Gatehouse.Users;
using Gatehouse.Validation;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// Nuxeo's group API (SPEC §10, NUXEO-FACTS §1), behind the chain:
/// <list type="bullet">
/// <item><c>POST /api/v1/group</c> <c>{"entity-type":"group","groupname","grouplabel","memberUsers","memberGroups"}</c> — 201 and the group.</item>
/// <item><c>GET</c> / <c>PUT</c> / <c>DELETE /api/v1/group/{name}</c>; a member list replaces membership only when its key is present.</item>
/// <item><c>GET /api/v1/group/search?q=</c> — Nuxeo's paged list, over the name and the label.</item>
/// <item><c>POST</c> / <c>DELETE /api/v1/group/{group}/user/{user}</c> — membership (<see cref="DirectoryMemberships"/>).</item>
/// </list>
/// Member lists and parents are written when <c>fetch-group</c> asks (<see cref="GroupFetchRequest"/>). Unlike Nuxeo,
/// every member named must exist (400, nothing written) and a cycle of sub-groups is refused (400). Administrators
/// manage every group; anyone else reads only the groups they belong to (directly or through sub-groups): another
/// group is 404 to them, whether or not it exists.
/// </summary>
internal sealed class GroupApiEndpoint(
    IAuthenticationChain chain,
    IUserDirectory users,
    IGroupDirectory groups,
    GroupMembership membership,
    FirstAdministratorGuard guard,
    DirectoryMemberships memberships,
    ILogger<GroupApiEndpoint> logger) : IAnswersNuxeoExceptions
{
    private const string SearchSegment = "search";

    public Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        return DirectoryPath.Segments(context) switch
        {
            [] => HttpMethods.IsPost(method) ? CreateAsync(context) : Responses.MethodNotAllowedAsync(context, HttpMethods.Post),
            [SearchSegment] => HttpMethods.IsGet(method) ? SearchAsync(context) : Responses.MethodNotAllowedAsync(context, HttpMethods.Get),
            [var name] when HttpMethods.IsGet(method) => GetAsync(context, name),
            [var name] when HttpMethods.IsPut(method) => UpdateAsync(context, name),
            [var name] when HttpMethods.IsDelete(method) => DeleteAsync(context, name),
            [_] => Responses.MethodNotAllowedAsync(context, "GET, PUT, DELETE"),
            [var group, "user", var user] => memberships.HandleAsync(context, group, user),
            _ => DirectoryAccess.NotFoundAsync(context, "the group API has /api/v1/group, /api/v1/group/search, /api/v1/group/{name} and /api/v1/group/{name}/user/{user}."),
        };
    }

    private async Task GetAsync(HttpContext context, string name)
    {
        if (await chain.CallerAsync(context) is not { } principal)
        {
            return;
        }

        if (await groups.GetAsync(name, context.RequestAborted) is not { } group || !MaySee(principal, group.Name))
        {
            await DirectoryAccess.GroupNotFoundAsync(context, name);
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, group);
    }

    private async Task SearchAsync(HttpContext context)
    {
        if (await chain.CallerAsync(context) is not { } principal)
        {
            return;
        }

        if (DirectorySearch.From(context.Request.Query, out var problem) is not { } search)
        {
            await DirectoryAccess.BadRequestAsync(context, problem!);
            return;
        }

        var graph = await groups.GraphAsync(context.RequestAborted);
        var results = graph.Groups
            .Where(group => MaySee(principal, group.Name) && search.Matches(group.Name, group.Label))
            .ToList();
        var fetch = GroupFetchRequest.Of(context.Request);
        var all = fetch.HasFlag(GroupFetch.MemberUsers) ? await users.ListAsync(context.RequestAborted) : [];
        var entries = search.Slice(results)
            .Select(group => GroupJson.From(group, graph, fetch, GroupMembership.MembersOf(all, group.Name)))
            .ToList();
        await DirectoryAccess.WriteJsonAsync(context, StatusCodes.Status200OK, search.Page("groups", results.Count, entries), GatehouseJsonContext.Default.PageJsonGroupJson);
    }

    private async Task CreateAsync(HttpContext context)
    {
        if (await chain.AdministratorAsync(context) is not { } principal ||
            await DirectoryRequest.ReadAsync(context, GatehouseJsonContext.Default.GroupBody, "group", static body => body.EntityType) is not { } body)
        {
            return;
        }

        var name = body.Groupname ?? body.Id;
        if (name is null)
        {
            await DirectoryAccess.BadRequestAsync(context, "groupname is required to create a group.");
            return;
        }

        if (Mismatch(body.Id, name) is { } mismatch)
        {
            await DirectoryAccess.BadRequestAsync(context, mismatch);
            return;
        }

        UserValidation.ValidateName(name, "groupname");
        if (body.MemberUsers is not null && await UnknownUserAsync(body.MemberUsers, context.RequestAborted) is { } unknownUser)
        {
            await DirectoryAccess.BadRequestAsync(context, $"memberUsers: there is no user named {unknownUser}.");
            return;
        }

        var change = await groups.CreateAsync(new Group(name, body.Grouplabel, body.Properties?.Description, body.MemberGroups ?? []), context.RequestAborted);
        if (!change.Succeeded)
        {
            await RefuseAsync(context, change, name);
            return;
        }

        if (body.MemberUsers is { Count: > 0 } && await groups.GetAsync(name, context.RequestAborted) is { } created &&
            await membership.ReplaceMemberUsersAsync(created, body.MemberUsers, context.RequestAborted) is { } vanished)
        {
            // Checked above, deleted since: the new group goes again, so that a retry starts from nothing.
            await groups.DeleteAsync(created.Name, context.RequestAborted);
            DirectoryLog.GroupCreationUndone(logger, created.Name, vanished);
            await DirectoryAccess.BadRequestAsync(context, $"memberUsers: there is no user named {vanished}.");
            return;
        }

        DirectoryLog.GroupCreated(logger, principal.UserName, name);
        if (await groups.GetAsync(name, context.RequestAborted) is not { } group)
        {
            await DirectoryAccess.GroupNotFoundAsync(context, name);
            return;
        }

        context.Response.Headers.Location = $"{context.Request.PathBase}{Routes.GroupApiPath}/{Uri.EscapeDataString(group.Name)}";
        await WriteAsync(context, StatusCodes.Status201Created, group);
    }

    private async Task UpdateAsync(HttpContext context, string name)
    {
        if (await chain.AdministratorAsync(context) is not { } principal ||
            await DirectoryRequest.ReadAsync(context, GatehouseJsonContext.Default.GroupBody, "group", static body => body.EntityType) is not { } body)
        {
            return;
        }

        if ((Mismatch(body.Id, name) ?? Mismatch(body.Groupname, name)) is { } mismatch)
        {
            await DirectoryAccess.BadRequestAsync(context, mismatch);
            return;
        }

        if (await groups.GetAsync(name, context.RequestAborted) is not { } current)
        {
            await DirectoryAccess.GroupNotFoundAsync(context, name);
            return;
        }

        if (body.MemberUsers is not null)
        {
            if (await UnknownUserAsync(body.MemberUsers, context.RequestAborted) is { } unknownUser)
            {
                await DirectoryAccess.BadRequestAsync(context, $"memberUsers: there is no user named {unknownUser}.");
                return;
            }

            if (guard.RefusalToReplaceMembers(current.Name, body.MemberUsers) is { } kept)
            {
                DirectoryLog.FirstAdministratorKept(logger, principal.UserName, kept);
                await DirectoryAccess.ForbiddenAsync(context, kept);
                return;
            }
        }

        var change = await groups.UpdateAsync(current.Name, new GroupUpdate(body.Grouplabel, body.Properties?.Description, body.MemberGroups), context.RequestAborted);
        if (!change.Succeeded)
        {
            await RefuseAsync(context, change, name);
            return;
        }

        if (body.MemberUsers is not null && await membership.ReplaceMemberUsersAsync(current, body.MemberUsers, context.RequestAborted) is { } vanished)
        {
            await DirectoryAccess.BadRequestAsync(context, $"memberUsers: there is no user named {vanished}.");
            return;
        }

        DirectoryLog.GroupUpdated(logger, principal.UserName, current.Name);
        if (await groups.GetAsync(current.Name, context.RequestAborted) is not { } updated)
        {
            await DirectoryAccess.GroupNotFoundAsync(context, name);
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, updated);
    }

    private async Task DeleteAsync(HttpContext context, string name)
    {
        if (await chain.AdministratorAsync(context) is not { } principal)
        {
            return;
        }

        if (guard.RefusalToDeleteGroup(name) is { } kept)
        {
            DirectoryLog.FirstAdministratorKept(logger, principal.UserName, kept);
            await DirectoryAccess.ForbiddenAsync(context, kept);
            return;
        }

        if (!await membership.DeleteGroupAsync(name, context.RequestAborted))
        {
            await DirectoryAccess.GroupNotFoundAsync(context, name);
            return;
        }

        DirectoryLog.GroupDeleted(logger, principal.UserName, name);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The group with what the request's <c>fetch-group</c> asks for.</summary>
    private async Task WriteAsync(HttpContext context, int status, Group group)
    {
        var fetch = GroupFetchRequest.Of(context.Request);
        var memberUsers = fetch.HasFlag(GroupFetch.MemberUsers) ? await membership.MemberUsersAsync(group.Name, context.RequestAborted) : null;
        var graph = fetch.HasFlag(GroupFetch.ParentGroups) ? await groups.GraphAsync(context.RequestAborted) : GroupGraph.Empty;
        await DirectoryAccess.WriteJsonAsync(context, status, GroupJson.From(group, graph, fetch, memberUsers), GatehouseJsonContext.Default.GroupJson);
    }

    private static Task RefuseAsync(HttpContext context, GroupChange change, string name) => change.Status switch
    {
        GroupChangeStatus.NotFound => DirectoryAccess.GroupNotFoundAsync(context, name),
        GroupChangeStatus.Exists => DirectoryAccess.ConflictAsync(context, $"group {name} already exists."),
        GroupChangeStatus.Cycle => DirectoryAccess.BadRequestAsync(context, $"memberGroups: {change.Name} contains {name} already, so it cannot be its member (a cycle)."),
        _ => DirectoryAccess.BadRequestAsync(context, $"memberGroups: there is no group named {change.Name}."),
    };

    /// <summary>The first of <paramref name="names"/> that is no user, or null.</summary>
    private async Task<string?> UnknownUserAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (names.Count > UserValidation.MaxMembers)
        {
            throw new ArgumentException($"memberUsers must hold at most {UserValidation.MaxMembers} users.", nameof(names));
        }

        var known = (await users.ListAsync(cancellationToken)).Select(user => user.UserName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return names.FirstOrDefault(name => !known.Contains(name));
    }

    private static bool MaySee(Principal principal, string group) =>
        principal.IsAdministrator || principal.Groups.Contains(group, StringComparer.OrdinalIgnoreCase);

    private static string? Mismatch(string? given, string name) =>
        given is null || string.Equals(given, name, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"the body names group {given}, the URL {name}: a group cannot be renamed.";
}
