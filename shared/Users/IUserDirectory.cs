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
    /// Verifies a password for a login (user name or e-mail): <see cref="PasswordCheck.Verified"/> with the user
    /// when it matches (disabled users too: the chain decides), <see cref="PasswordCheck.Refused"/> when it does not
    /// (an unknown login costs the same as a wrong password), or <see cref="PasswordCheck.Throttled"/> when the
    /// password was not checked (too many failures, or too many checks at once).
    /// </summary>
    /// <param name="login">The user name or e-mail address, as the client wrote it.</param>
    /// <param name="password">The password to check.</param>
    /// <param name="client">Where the attempt came from, for regulation per client address; unknown by default.</param>
    /// <param name="cancellationToken">Stops waiting; a hash already started runs to its end.</param>
    ValueTask<PasswordCheck> VerifyPasswordAsync(string login, string password, AttemptClient client = default, CancellationToken cancellationToken = default);

    /// <summary>Creates a user; false when the name or e-mail is already taken.</summary>
    Task<bool> CreateAsync(NewUser user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Merges <paramref name="update"/> into the user (see <see cref="UserUpdate"/>). A new e-mail address must be free;
    /// a new password is hashed here but checked against the password policy by the caller.
    /// </summary>
    Task<UserUpdateResult> UpdateAsync(string userName, UserUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Every user, by name. The directory of a team, read whole: searches and group member lists filter it.</summary>
    Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Enables or disables a user; false when the user does not exist.</summary>
    Task<bool> SetEnabledAsync(string userName, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Sets a new password; false when the user does not exist.</summary>
    Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken = default);

    /// <summary>Deletes a user (and frees the e-mail address); false when the user does not exist.</summary>
    Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken = default);
}
