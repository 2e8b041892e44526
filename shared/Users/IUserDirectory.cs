namespace Gatehouse.Users;

/// <summary>
/// The user directory (Nuxeo's UserManager): users by case-insensitive name or e-mail, their
/// groups, the enabled flag and password verification. Outages throw <see cref="DependencyUnavailableException"/>.
/// </summary>
public interface IUserDirectory
{
    /// <summary>The user with this name (case-insensitive), or null.</summary>
    ValueTask<User?> GetAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>The user whose name or e-mail address is <paramref name="login"/> (case-insensitive), or null.</summary>
    ValueTask<User?> FindByLoginAsync(string login, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies a password for a login (user name or e-mail). Returns the user when it matches, else null.
    /// An unknown login costs the same as a wrong password. Disabled users are returned: the chain decides.
    /// </summary>
    ValueTask<User?> VerifyPasswordAsync(string login, string password, CancellationToken cancellationToken = default);

    /// <summary>Creates a user; false when the name or e-mail is already taken.</summary>
    Task<bool> CreateAsync(NewUser user, CancellationToken cancellationToken = default);

    /// <summary>Enables or disables a user; false when the user does not exist.</summary>
    Task<bool> SetEnabledAsync(string userName, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Sets a new password; false when the user does not exist.</summary>
    Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken = default);

    /// <summary>Deletes a user (and frees the e-mail address); false when the user does not exist.</summary>
    Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken = default);
}
