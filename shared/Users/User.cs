namespace Gatehouse.Users;

/// <summary>A user of the directory (SPEC §10), with the groups they are a direct member of. The password hash never leaves the directory.</summary>
public sealed record User(
    string UserName,
    string? Email,
    string? FirstName,
    string? LastName,
    string? Company,
    IReadOnlyList<string> Groups,
    bool Enabled)
{
    /// <summary>
    /// <see cref="Groups"/> and every group that contains one of them, directly or through sub-groups (Nuxeo's
    /// <c>extendedGroups</c>): what the gateway and the administrator check see. Resolved when the user is read.
    /// </summary>
    public IReadOnlyList<string> ExtendedGroups { get; init; } = Groups;
}
