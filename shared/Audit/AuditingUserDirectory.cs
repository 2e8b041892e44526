using Gatehouse.Users;

namespace Gatehouse.Audit;

/// <summary>
/// Audits changes to users, whoever makes them (the directory API, the bootstrap, a library caller): created, updated
/// (the names of the fields changed, never their values when one is the password), enabled, disabled, password
/// changed, deleted. Reads and password checks pass straight through; sign-ins are audited where the chain knows
/// which kind of endpoint the password was presented to (<see cref="SignInAuditingAuthenticator"/>).
/// </summary>
internal sealed class AuditingUserDirectory(IUserDirectory inner, AuditTrail trail) : IUserDirectory
{
    public ValueTask<User?> GetAsync(string userName, CancellationToken cancellationToken = default) => inner.GetAsync(userName, cancellationToken);

    public ValueTask<User?> FindByLoginAsync(string login, CancellationToken cancellationToken = default) => inner.FindByLoginAsync(login, cancellationToken);

    public ValueTask<PasswordCheck> VerifyPasswordAsync(string login, string password, AttemptClient client = default, CancellationToken cancellationToken = default) =>
        inner.VerifyPasswordAsync(login, password, client, cancellationToken);

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public async Task<bool> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var created = await inner.CreateAsync(user, cancellationToken);
        if (created)
        {
            var groups = user.Groups is { Count: > 0 } list ? $", groups {string.Join(", ", list)}" : string.Empty;
            trail.Record(AuditEventTypes.UserCreated, user.UserName, (user.Enabled ? "enabled" : "disabled") + groups);
        }

        return created;
    }

    public async Task<UserUpdateResult> UpdateAsync(string userName, UserUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var result = await inner.UpdateAsync(userName, update, cancellationToken);
        if (result == UserUpdateResult.Updated)
        {
            trail.Record(AuditEventTypes.UserUpdated, userName, "changed " + string.Join(", ", Changed(update)));
        }

        return result;
    }

    public async Task<bool> SetEnabledAsync(string userName, bool enabled, CancellationToken cancellationToken = default)
    {
        var done = await inner.SetEnabledAsync(userName, enabled, cancellationToken);
        if (done)
        {
            trail.Record(enabled ? AuditEventTypes.UserEnabled : AuditEventTypes.UserDisabled, userName, null);
        }

        return done;
    }

    public async Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var done = await inner.SetPasswordAsync(userName, password, cancellationToken);
        if (done)
        {
            trail.Record(AuditEventTypes.UserPasswordChanged, userName, null);
        }

        return done;
    }

    public async Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken = default)
    {
        var deleted = await inner.DeleteAsync(userName, cancellationToken);
        if (deleted)
        {
            trail.Record(AuditEventTypes.UserDeleted, userName, null);
        }

        return deleted;
    }

    /// <summary>The names of the fields an update sets; values only for group changes (names, never secrets).</summary>
    private static IEnumerable<string> Changed(UserUpdate update)
    {
        if (update.Email is not null)
        {
            yield return "email";
        }

        if (update.FirstName is not null)
        {
            yield return "firstName";
        }

        if (update.LastName is not null)
        {
            yield return "lastName";
        }

        if (update.Company is not null)
        {
            yield return "company";
        }

        if (!string.IsNullOrEmpty(update.Password))
        {
            yield return "password";
        }

        if (update.Enabled is { } enabled)
        {
            yield return enabled ? "enabled" : "disabled";
        }

        if (update.Groups is { } groups)
        {
            yield return $"groups [{string.Join(", ", groups)}]";
        }

        if (update.JoinGroups is { Count: > 0 } joined)
        {
            yield return $"joined [{string.Join(", ", joined)}]";
        }

        if (update.LeaveGroups is { Count: > 0 } left)
        {
            yield return $"left [{string.Join(", ", left)}]";
        }
    }
}
