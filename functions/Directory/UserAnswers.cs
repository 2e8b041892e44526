using Gatehouse.Functions.Http;
using Gatehouse.Users;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Directory;

/// <summary>Writes users as Nuxeo's <c>user</c> entity: one read of the groups for their labels, however many users.</summary>
internal sealed class UserAnswers(IGroupDirectory groups, IOptions<UserDirectoryOptions> options)
{
    private readonly UserDirectoryOptions _options = options.Value;

    public bool IsAdministrator(User user) => _options.IsAdministrator(user.ExtendedGroups);

    public async Task<UserJson> ToJsonAsync(User user, CancellationToken cancellationToken) =>
        UserJson.From(user, user.ExtendedGroups.Count == 0 ? GroupGraph.Empty : await groups.GraphAsync(cancellationToken), IsAdministrator(user));

    public async Task<IReadOnlyList<UserJson>> ToJsonAsync(IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        var graph = users.Any(user => user.ExtendedGroups.Count > 0) ? await groups.GraphAsync(cancellationToken) : GroupGraph.Empty;
        return users.Select(user => UserJson.From(user, graph, IsAdministrator(user))).ToList();
    }

    public async Task WriteAsync(HttpContext context, int status, User user) =>
        await DirectoryAccess.WriteJsonAsync(context, status, await ToJsonAsync(user, context.RequestAborted), GatehouseJsonContext.Default.UserJson);
}
