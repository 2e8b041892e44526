using System.Text.Json.Serialization;
using Gatehouse.Chain;
using Gatehouse.Users;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// Nuxeo's <c>user</c> entity (NUXEO-FACTS §1): the name as <see cref="Id"/>, the profile in <see cref="Properties"/>,
/// the groups reached through sub-groups in <see cref="ExtendedGroups"/>. There is no password field, not even empty.
/// </summary>
internal sealed record UserJson(
    [property: JsonPropertyName("entity-type")] string EntityType,
    string Id,
    UserPropertiesJson Properties,
    IReadOnlyList<ExtendedGroupJson> ExtendedGroups,
    bool IsAdministrator,
    bool IsAnonymous)
{
    /// <param name="user">The user, with its groups resolved.</param>
    /// <param name="graph">The groups, for the labels of <see cref="ExtendedGroups"/>.</param>
    /// <param name="isAdministrator">Whether the user administers (<see cref="UserDirectoryOptions.AdministratorsGroup"/>).</param>
    public static UserJson From(User user, GroupGraph graph, bool isAdministrator) => new(
        "user",
        user.UserName,
        new UserPropertiesJson(user.UserName, user.FirstName, user.LastName, user.Company, user.Email, user.Groups, user.Enabled),
        user.ExtendedGroups.Select(name => ExtendedGroupJson.From(graph.Find(name)?.Name ?? name, graph.Find(name)?.Label)).ToList(),
        isAdministrator,
        IsAnonymous: false);

    /// <summary>The anonymous user, which is virtual (no directory row): what <c>GET /api/v1/me</c> answers it.</summary>
    public static UserJson Anonymous(Principal principal) => new(
        "user",
        principal.UserName,
        new UserPropertiesJson(principal.UserName, null, null, null, null, [], Enabled: true),
        [],
        IsAdministrator: false,
        IsAnonymous: true);
}

/// <summary>
/// The user's profile. <see cref="Groups"/> are the direct groups; <see cref="Enabled"/> is Gatehouse's own (Nuxeo has
/// none; nuxeo-python-client keeps unknown properties and sends them back as they came).
/// </summary>
internal sealed record UserPropertiesJson(
    string Username,
    string? FirstName,
    string? LastName,
    string? Company,
    string? Email,
    IReadOnlyList<string> Groups,
    bool Enabled);

/// <summary>One of <see cref="UserJson.ExtendedGroups"/>: the group's name and label, and its path under <c>/api/v1</c>.</summary>
internal sealed record ExtendedGroupJson(string Name, string? Label, string Url)
{
    public static ExtendedGroupJson From(string name, string? label) => new(name, label, "group/" + Uri.EscapeDataString(name));
}

/// <summary>A user as a client sends it (<c>POST</c>/<c>PUT /api/v1/user</c>); the rest of what it sends (<c>extendedGroups</c>, <c>isAdministrator</c>) is the server's to say and is ignored.</summary>
internal sealed record UserBody(
    [property: JsonPropertyName("entity-type")] string? EntityType,
    string? Id,
    UserPropertiesBody? Properties);

/// <summary>The properties of <see cref="UserBody"/>: null (or absent) keeps the stored value on an update.</summary>
internal sealed record UserPropertiesBody(
    string? Username,
    string? Password,
    string? Email,
    string? FirstName,
    string? LastName,
    string? Company,
    IReadOnlyList<string>? Groups,
    bool? Enabled);

/// <summary>Nuxeo's <c>PUT /api/v1/me/changepassword</c> body.</summary>
internal sealed record PasswordChangeBody(string? OldPassword, string? NewPassword);
