namespace Gatehouse.Users;

/// <summary>
/// Tells the caches above the directory that the groups changed: a user's resolved groups
/// (<see cref="User.ExtendedGroups"/>) may then be stale for anyone, since sub-groups reach members indirectly.
/// </summary>
public sealed class DirectoryChanges
{
    /// <summary>Raised after a change to the groups has been written.</summary>
    public event Action? GroupsChanged;

    internal void OnGroupsChanged() => GroupsChanged?.Invoke();
}
