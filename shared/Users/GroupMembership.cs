using Gatehouse.Validation;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Users;

/// <summary>
/// Membership of users in groups, which is written on the users (<see cref="User.Groups"/>): who is in a group,
/// replacing or changing that, deleting a group with its memberships, and checking the groups a user is put in.
/// </summary>
/// <remarks>
/// A change that touches several users writes them one by one, each change idempotent: a crash part-way leaves some
/// users changed, and running the same request again finishes it. A group is deleted only after no user names it,
/// so a group created later under the same name never inherits old members.
/// </remarks>
public sealed class GroupMembership
{
    private readonly IUserDirectory _users;
    private readonly IGroupDirectory _groups;
    private readonly ILogger<GroupMembership> _logger;

    public GroupMembership(IUserDirectory users, IGroupDirectory groups, ILogger<GroupMembership> logger)
    {
        _users = users;
        _groups = groups;
        _logger = logger;
    }

    /// <summary>The users directly in <paramref name="group"/>, by name.</summary>
    public async Task<IReadOnlyList<string>> MemberUsersAsync(string group, CancellationToken cancellationToken = default) =>
        MembersOf(await _users.ListAsync(cancellationToken), group);

    /// <summary>Those of <paramref name="users"/> directly in <paramref name="group"/>, by name: for answers about many groups at once.</summary>
    public static IReadOnlyList<string> MembersOf(IEnumerable<User> users, string group) =>
        users.Where(user => user.Groups.Contains(group, StringComparer.OrdinalIgnoreCase)).Select(user => user.UserName).ToList();

    /// <summary>
    /// Makes <paramref name="userNames"/> exactly the users of <paramref name="group"/> (a group that exists). Returns
    /// the first name that is no user, having changed nothing, or null when done.
    /// </summary>
    public async Task<string?> ReplaceMemberUsersAsync(Group group, IReadOnlyList<string> userNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(userNames);
        if (userNames.Count > UserValidation.MaxMembers)
        {
            throw new ArgumentException($"memberUsers must hold at most {UserValidation.MaxMembers} users.", nameof(userNames));
        }

        var all = await _users.ListAsync(cancellationToken);
        var byName = all.ToDictionary(user => user.UserName, StringComparer.OrdinalIgnoreCase);
        foreach (var name in userNames)
        {
            UserValidation.ValidateName(name, "memberUsers");
            if (!byName.ContainsKey(name))
            {
                return name;
            }
        }

        var wanted = new HashSet<string>(userNames, StringComparer.OrdinalIgnoreCase);
        var added = 0;
        var removed = 0;
        foreach (var user in all)
        {
            var member = user.Groups.Contains(group.Name, StringComparer.OrdinalIgnoreCase);
            if (wanted.Contains(user.UserName) && !member)
            {
                await _users.UpdateAsync(user.UserName, new UserUpdate(JoinGroups: [group.Name]), cancellationToken);
                added++;
            }
            else if (!wanted.Contains(user.UserName) && member)
            {
                await _users.UpdateAsync(user.UserName, new UserUpdate(LeaveGroups: [group.Name]), cancellationToken);
                removed++;
            }
        }

        UsersLog.MembershipChanged(_logger, group.Name, added, removed);
        return null;
    }

    /// <summary>Deletes a group: first out of every user, then its row (see remarks). False when it does not exist.</summary>
    public async Task<bool> DeleteGroupAsync(string name, CancellationToken cancellationToken = default)
    {
        if (await _groups.GetAsync(name, cancellationToken) is not { } group)
        {
            return false;
        }

        await ReplaceMemberUsersAsync(group, [], cancellationToken);
        return await _groups.DeleteAsync(group.Name, cancellationToken);
    }
}
