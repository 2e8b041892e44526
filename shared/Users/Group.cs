namespace Gatehouse.Users;

/// <summary>A group of the directory (SPEC §10): its members that are groups live here, its members that are users on the users.</summary>
/// <param name="Name">The group's name, as created; looked up case-insensitively.</param>
/// <param name="Label">Nuxeo's <c>grouplabel</c>.</param>
/// <param name="Description">Free text.</param>
/// <param name="MemberGroups">The sub-groups, whose members belong to this group too.</param>
public sealed record Group(string Name, string? Label, string? Description, IReadOnlyList<string> MemberGroups);
