using Gatehouse.Users;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// The bootstrap administrator stays the first administrator (issue #13, item 3): never deleted, disabled or taken
/// out of the administrators group, which itself is never deleted, so that there is always a way in. Each method
/// returns the refusal (a 403's reason), or null when the change may go ahead.
/// </summary>
internal sealed class FirstAdministratorGuard(BootstrapAdministrator bootstrap, IOptions<BootstrapOptions> bootstrapOptions, IOptions<UserDirectoryOptions> options)
{
    private readonly string _administrators = options.Value.AdministratorsGroup;
    private readonly string? _bootstrapName = string.IsNullOrEmpty(bootstrapOptions.Value.UserName) ? null : bootstrapOptions.Value.UserName;

    public string? RefusalToDelete(string userName) =>
        bootstrap.IsBootstrapAdministrator(userName) ? "the bootstrap administrator cannot be deleted" : null;

    /// <param name="userName">The user being changed.</param>
    /// <param name="groups">The user's new direct groups, or null when they stay.</param>
    /// <param name="enabled">The new enabled flag, or null when it stays.</param>
    public string? RefusalToUpdate(string userName, IReadOnlyList<string>? groups, bool? enabled)
    {
        if (!bootstrap.IsBootstrapAdministrator(userName))
        {
            return null;
        }

        if (enabled == false)
        {
            return "the bootstrap administrator cannot be disabled";
        }

        return groups is not null && !IsAdministrators(groups) ? $"the bootstrap administrator cannot leave the {_administrators} group" : null;
    }

    public string? RefusalToLeave(string groupName, string userName) =>
        IsAdministrators(groupName) ? RefusalToUpdate(userName, [], enabled: null) : null;

    public string? RefusalToReplaceMembers(string groupName, IReadOnlyList<string> memberUsers) =>
        IsAdministrators(groupName) && _bootstrapName is not null && !memberUsers.Any(bootstrap.IsBootstrapAdministrator)
            ? $"the bootstrap administrator cannot leave the {_administrators} group"
            : null;

    public string? RefusalToDeleteGroup(string groupName) =>
        IsAdministrators(groupName) ? $"the {_administrators} group cannot be deleted" : null;

    private bool IsAdministrators(string groupName) => string.Equals(groupName, _administrators, StringComparison.OrdinalIgnoreCase);

    private bool IsAdministrators(IReadOnlyList<string> groups) => groups.Any(IsAdministrators);
}
