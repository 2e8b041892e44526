namespace Gatehouse.Users;

/// <summary>
/// A change to a user, merged into what is stored (Nuxeo's PUT): a null field keeps its value. An empty e-mail, first
/// name, last name or company clears it; an empty password keeps the old one, as Nuxeo does.
/// </summary>
/// <remarks>
/// <see cref="Groups"/> replaces the direct groups; <see cref="JoinGroups"/> and <see cref="LeaveGroups"/> change the ones
/// stored at the time of writing, so that two membership changes at once cannot lose one another.
/// </remarks>
public sealed record UserUpdate(
    string? Email = null,
    string? FirstName = null,
    string? LastName = null,
    string? Company = null,
    IReadOnlyList<string>? Groups = null,
    string? Password = null,
    bool? Enabled = null,
    IReadOnlyList<string>? JoinGroups = null,
    IReadOnlyList<string>? LeaveGroups = null);
