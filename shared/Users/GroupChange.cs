namespace Gatehouse.Users;

/// <summary>How a change to a group ended: done, or why nothing was written.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Name">For <see cref="GroupChangeStatus.UnknownMember"/> and <see cref="GroupChangeStatus.Cycle"/>, the member named in the change that caused it.</param>
public readonly record struct GroupChange(GroupChangeStatus Status, string? Name = null)
{
    public static GroupChange Done { get; } = new(GroupChangeStatus.Done);

    public bool Succeeded => Status == GroupChangeStatus.Done;
}

public enum GroupChangeStatus
{
    Done,
    NotFound,

    /// <summary>A group of that name (in any case) exists.</summary>
    Exists,

    /// <summary>A member group named in the change does not exist.</summary>
    UnknownMember,

    /// <summary>The change would make a group its own member, directly or through sub-groups.</summary>
    Cycle,
}
