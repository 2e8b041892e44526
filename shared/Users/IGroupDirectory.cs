namespace Gatehouse.Users;

/// <summary>
/// The groups of the directory (Nuxeo's groups with sub-groups, SPEC §10): names are unique case-insensitively and
/// kept as created; member groups must exist and never form a cycle. Which users belong to a group is written on the
/// users (<see cref="User.Groups"/>); <see cref="GroupMembership"/> changes both sides. Outages throw
/// <see cref="DependencyUnavailableException"/>.
/// </summary>
public interface IGroupDirectory
{
    /// <summary>The group with this name (case-insensitive), or null.</summary>
    ValueTask<Group?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every group, with the relations between them: what resolving a user's groups and searches read.</summary>
    Task<GroupGraph> GraphAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a group: <see cref="GroupChangeStatus.Exists"/>, <see cref="GroupChangeStatus.UnknownMember"/> or done.</summary>
    Task<GroupChange> CreateAsync(Group group, CancellationToken cancellationToken = default);

    /// <summary>Merges <paramref name="update"/> into a group; a new member list must name existing groups and form no cycle.</summary>
    Task<GroupChange> UpdateAsync(string name, GroupUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Deletes a group and takes it out of the groups that contained it; false when it does not exist.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
