namespace Gatehouse.Users;

/// <summary>How <see cref="IUserDirectory.UpdateAsync"/> ended.</summary>
public enum UserUpdateResult
{
    Updated,
    NotFound,

    /// <summary>The new e-mail address belongs to another user; nothing was changed.</summary>
    EmailTaken,
}
