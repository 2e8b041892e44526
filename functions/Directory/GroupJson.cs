using System.Text.Json.Serialization;
using Gatehouse.Users;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// Nuxeo's <c>group</c> entity (NUXEO-FACTS §1). The member lists and the parents are written only when the request
/// asks for them (<see cref="GroupFetch"/>): null here means "not asked", and the key is left out.
/// </summary>
internal sealed record GroupJson(
    [property: JsonPropertyName("entity-type")] string EntityType,
    string Groupname,
    string? Grouplabel,
    string Id,
    GroupPropertiesJson Properties,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? MemberUsers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? MemberGroups,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ParentGroups)
{
    public static GroupJson From(Group group, GroupGraph graph, GroupFetch fetch, IReadOnlyList<string>? memberUsers) => new(
        "group",
        group.Name,
        group.Label,
        group.Name,
        new GroupPropertiesJson(group.Name, group.Label, group.Description),
        fetch.HasFlag(GroupFetch.MemberUsers) ? memberUsers ?? [] : null,
        fetch.HasFlag(GroupFetch.MemberGroups) ? group.MemberGroups : null,
        fetch.HasFlag(GroupFetch.ParentGroups) ? graph.ParentsOf(group.Name) : null);
}

internal sealed record GroupPropertiesJson(string Groupname, string? Grouplabel, string? Description);

/// <summary>
/// A group as a client sends it (<c>POST</c>/<c>PUT /api/v1/group</c>). A member list that is null (or absent) is left
/// as it is on an update; <c>properties.description</c> is Nuxeo's group schema field.
/// </summary>
internal sealed record GroupBody(
    [property: JsonPropertyName("entity-type")] string? EntityType,
    string? Groupname,
    string? Grouplabel,
    string? Id,
    GroupPropertiesBody? Properties,
    IReadOnlyList<string>? MemberUsers,
    IReadOnlyList<string>? MemberGroups);

internal sealed record GroupPropertiesBody(string? Description);

/// <summary>What a group answer includes beyond the group itself (Nuxeo's <c>fetch-group</c>).</summary>
[Flags]
internal enum GroupFetch
{
    None = 0,
    MemberUsers = 1,
    MemberGroups = 2,
    ParentGroups = 4,
}
