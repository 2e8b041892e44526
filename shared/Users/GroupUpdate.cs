namespace Gatehouse.Users;

/// <summary>A change to a group, merged into what is stored: a null field keeps its value; an empty label or description clears it.</summary>
public sealed record GroupUpdate(string? Label = null, string? Description = null, IReadOnlyList<string>? MemberGroups = null);
