using Azure;
using Azure.Data.Tables;
using Gatehouse.Storage;
using Gatehouse.Tokens;
using Gatehouse.Validation;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Users;

/// <summary>
/// The user directory in Table Storage (SPEC §10). A user is one row keyed by the escaped lower-case
/// name; the <see cref="EmailIndex"/>, a second table, maps the lower-case e-mail address (unique) to the name.
/// </summary>
/// <remarks>
/// <para>
/// Two tables cannot change together, so the writes are ordered to survive a crash between them.
/// Creation claims the e-mail first and writes the user row last: the user row is the commit, so a
/// user never exists without its e-mail entry, and an entry without its user is a leftover the index
/// knows how to reuse. Deletion removes the user row first, then the e-mail entry.
/// </para>
/// <para>
/// Creating a user also revokes any token bindings an earlier user of the same name left behind,
/// before the new row exists: a deleted user's devices must not come back to life (SPEC §7.5).
/// </para>
/// <para>
/// Every PBKDF2 runs on the <see cref="PasswordHashingGate"/>'s own threads, never on the thread pool. How many
/// checks may be in flight is decided above this class (regulation admits them); this class only hashes there.
/// </para>
/// </remarks>
internal sealed class TableUserDirectory : IUserDirectory
{
    private const string UserRowKey = "user";
    private const int MaxAttempts = 5;

    private readonly TableProvider _tables;
    private readonly PasswordHasher _hasher;
    private readonly PasswordHashingGate _hashing;
    private readonly ITokenService _tokens;
    private readonly EmailIndex _emails;
    private readonly ILogger<TableUserDirectory> _logger;

    public TableUserDirectory(TableProvider tables, PasswordHasher hasher, PasswordHashingGate hashing, ITokenService tokens, TimeProvider time, ILogger<TableUserDirectory> logger)
    {
        _tables = tables;
        _hasher = hasher;
        _hashing = hashing;
        _tokens = tokens;
        _emails = new EmailIndex(tables, IsLiveEmailAsync, time, logger);
        _logger = logger;
    }

    public async ValueTask<User?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return await _tables.RunAsync(
            async () => await ReadUserAsync(userName, cancellationToken) is { } row ? ToUser(row) : null,
            cancellationToken);
    }

    public async ValueTask<User?> FindByLoginAsync(string login, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(login);
        return await _tables.RunAsync(
            async () => await ReadByLoginAsync(login, cancellationToken) is { } row ? ToUser(row) : null,
            cancellationToken);
    }

    public async ValueTask<PasswordCheck> VerifyPasswordAsync(string login, string password, AttemptClient client = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(password);
        return await _tables.RunAsync(
            async () =>
            {
                var row = await ReadByLoginAsync(login, cancellationToken);
                if (row is null || password.Length == 0)
                {
                    await _hashing.RunAsync(() =>
                    {
                        _hasher.VerifyDummy(password);
                        return true;
                    });
                    return PasswordCheck.Refused(row is null ? null : ToUser(row));
                }

                var hash = row.GetString(UserColumns.PasswordHash);
                if (!await _hashing.RunAsync(() => PasswordHasher.Verify(password, hash)))
                {
                    return PasswordCheck.Refused(ToUser(row));
                }

                if (_hasher.NeedsRehash(hash))
                {
                    await RehashAsync(row, password, cancellationToken);
                }

                return PasswordCheck.Verified(ToUser(row));
            },
            cancellationToken);
    }

    public Task<bool> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        UserValidation.ValidateName(user.UserName, nameof(user.UserName));
        UserValidation.ValidatePassword(user.Password, nameof(user.Password));
        if (user.Email is not null)
        {
            UserValidation.ValidateEmail(user.Email, nameof(user.Email));
        }

        UserValidation.ValidateText(user.FirstName, nameof(user.FirstName));
        UserValidation.ValidateText(user.LastName, nameof(user.LastName));
        UserValidation.ValidateText(user.Company, nameof(user.Company));
        UserValidation.ValidateGroups(user.Groups, nameof(user.Groups));

        return CreateHashedAsync(user, cancellationToken);
    }

    public Task<bool> SetEnabledAsync(string userName, bool enabled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return _tables.RunAsync(
            () => UpdateUserAsync(userName, row => row[UserColumns.Enabled] = enabled, cancellationToken),
            cancellationToken);
    }

    public Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        UserValidation.ValidatePassword(password, nameof(password));
        return SetPasswordHashedAsync(userName, password, cancellationToken);
    }

    public Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return _tables.RunAsync(() => DeleteCoreAsync(userName, cancellationToken), cancellationToken);
    }

    private async Task<bool> CreateHashedAsync(NewUser user, CancellationToken cancellationToken)
    {
        // Hashing is the slow part: done once, before any write.
        var hash = await _hashing.RunAsync(() => _hasher.Hash(user.Password));
        return await _tables.RunAsync(() => CreateCoreAsync(user, hash, cancellationToken), cancellationToken);
    }

    private async Task<bool> SetPasswordHashedAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var hash = await _hashing.RunAsync(() => _hasher.Hash(password));
        return await _tables.RunAsync(
            () => UpdateUserAsync(userName, row => row[UserColumns.PasswordHash] = hash, cancellationToken),
            cancellationToken);
    }

    private async Task<bool> CreateCoreAsync(NewUser user, string passwordHash, CancellationToken cancellationToken)
    {
        var users = await _tables.GetAsync(TableNames.Users, cancellationToken);
        var userKey = UserKey(user.UserName);
        if (await users.GetIfExistsAsync(userKey, UserRowKey, cancellationToken) is not null)
        {
            return false;
        }

        await RevokeLeftoverTokensAsync(user.UserName, cancellationToken);

        EmailClaim? claim = null;
        if (user.Email is not null)
        {
            claim = await _emails.ClaimAsync(user.Email, user.UserName, cancellationToken);
            if (claim is null)
            {
                return false;
            }
        }

        var row = new TableEntity(userKey, UserRowKey)
        {
            [UserColumns.UserName] = user.UserName,
            [UserColumns.Email] = user.Email,
            [UserColumns.FirstName] = user.FirstName,
            [UserColumns.LastName] = user.LastName,
            [UserColumns.Company] = user.Company,
            [UserColumns.Groups] = string.Join('\n', (user.Groups ?? []).Distinct(StringComparer.Ordinal)),
            [UserColumns.Enabled] = user.Enabled,
            [UserColumns.PasswordHash] = passwordHash,
        };

        ETag rowETag;
        try
        {
            rowETag = (await users.AddEntityAsync(row, cancellationToken)).Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsConflict(ex))
        {
            if (claim is not null)
            {
                await _emails.WithdrawAsync(claim, cancellationToken);
            }

            return false;
        }

        // A creation that took longer than the grace period may have lost its e-mail claim to another
        // one: the address must end up with exactly one user, so the loser withdraws.
        if (claim is not null && !await _emails.StillHeldAsync(claim, cancellationToken))
        {
            await users.DeleteEntityAsync(userKey, UserRowKey, rowETag, cancellationToken);
            return false;
        }

        UsersLog.UserCreated(_logger, user.UserName);
        return true;
    }

    /// <summary>True when the user <paramref name="owner"/> (lower-case name) exists and holds <paramref name="email"/>.</summary>
    private async Task<bool> IsLiveEmailAsync(string owner, string email, CancellationToken cancellationToken)
    {
        var row = owner.Length == 0 ? null : await ReadUserAsync(owner, cancellationToken);
        return row is not null && string.Equals(row.GetString(UserColumns.Email), email, StringComparison.OrdinalIgnoreCase);
    }

    private async Task RevokeLeftoverTokensAsync(string userName, CancellationToken cancellationToken)
    {
        var revoked = await _tokens.RevokeAllAsync(userName, cancellationToken);
        if (revoked > 0)
        {
            UsersLog.StaleTokensRevoked(_logger, userName, revoked);
        }
    }

    private async Task<bool> DeleteCoreAsync(string userName, CancellationToken cancellationToken)
    {
        var users = await _tables.GetAsync(TableNames.Users, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await ReadUserAsync(userName, cancellationToken);
            if (row is null)
            {
                return false;
            }

            try
            {
                var deleted = await users.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                if (deleted.Status == 404)
                {
                    return false;
                }
            }
            catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex))
            {
                continue;
            }

            // The user is gone; a crash before this line leaves an e-mail entry that is already free (see remarks).
            if (row.GetString(UserColumns.Email) is { } email)
            {
                await _emails.ReleaseAsync(email, userName, cancellationToken);
            }

            await RevokeLeftoverTokensAsync(userName, cancellationToken);
            var deletedName = row.GetString(UserColumns.UserName) ?? userName;
            UsersLog.UserDeleted(_logger, deletedName);
            return true;
        }

        throw new InvalidOperationException($"User '{userName}' kept changing while being deleted; try again.");
    }

    private async Task<bool> UpdateUserAsync(string userName, Action<TableEntity> change, CancellationToken cancellationToken)
    {
        var users = await _tables.GetAsync(TableNames.Users, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await ReadUserAsync(userName, cancellationToken);
            if (row is null)
            {
                return false;
            }

            var patch = new TableEntity(row.PartitionKey, row.RowKey);
            change(patch);
            try
            {
                await users.UpdateEntityAsync(patch, row.ETag, TableUpdateMode.Merge, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex) || StorageFailures.IsNotFound(ex))
            {
            }
        }

        throw new InvalidOperationException($"User '{userName}' kept changing while being updated; try again.");
    }

    private async Task RehashAsync(TableEntity row, string password, CancellationToken cancellationToken)
    {
        var userName = row.GetString(UserColumns.UserName) ?? string.Empty;
        try
        {
            var hash = await _hashing.RunAsync(() => _hasher.Hash(password));
            var patch = new TableEntity(row.PartitionKey, row.RowKey) { [UserColumns.PasswordHash] = hash };
            await _tables.RunAsync(
                async () =>
                {
                    var users = await _tables.GetAsync(TableNames.Users, cancellationToken);

                    // Conditional: a password changed meanwhile must not be overwritten with the old one.
                    return await users.UpdateEntityAsync(patch, row.ETag, TableUpdateMode.Merge, cancellationToken);
                },
                cancellationToken);
            UsersLog.PasswordRehashed(_logger, userName, _hasher.Iterations);
        }
        catch (DependencyUnavailableException)
        {
            // The sign-in itself succeeded; the upgrade is retried at the next one. The outage is the provider's to report.
        }
        catch (RequestFailedException ex)
        {
            UsersLog.RehashFailed(_logger, userName, ex);
        }
    }

    private async Task<TableEntity?> ReadUserAsync(string userName, CancellationToken cancellationToken)
    {
        if (UserValidation.DescribeNameProblem(userName, nameof(userName)) is not null)
        {
            return null;
        }

        var users = await _tables.GetAsync(TableNames.Users, cancellationToken);
        return await users.GetIfExistsAsync(UserKey(userName), UserRowKey, cancellationToken);
    }

    private async Task<TableEntity?> ReadByLoginAsync(string login, CancellationToken cancellationToken)
    {
        if (await ReadUserAsync(login, cancellationToken) is { } byName)
        {
            return byName;
        }

        if (UserValidation.DescribeEmailProblem(login, nameof(login)) is not null)
        {
            return null;
        }

        if (await _emails.OwnerOfAsync(login, cancellationToken) is not { } owner)
        {
            return null;
        }

        // The index may hold a leftover: only a user whose row carries this address answers to it.
        var row = await ReadUserAsync(owner, cancellationToken);
        return row is not null && string.Equals(row.GetString(UserColumns.Email), login, StringComparison.OrdinalIgnoreCase) ? row : null;
    }

    private static string UserKey(string userName) => TableKeys.Escape(userName.ToLowerInvariant(), "userName");

    private static User ToUser(TableEntity row) => new(
        row.GetString(UserColumns.UserName) ?? TableKeys.Unescape(row.PartitionKey),
        row.GetString(UserColumns.Email),
        row.GetString(UserColumns.FirstName),
        row.GetString(UserColumns.LastName),
        row.GetString(UserColumns.Company),
        (row.GetString(UserColumns.Groups) ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries),
        row.GetBoolean(UserColumns.Enabled) ?? false);

    private static class UserColumns
    {
        public const string UserName = "UserName";
        public const string Email = "Email";
        public const string FirstName = "FirstName";
        public const string LastName = "LastName";
        public const string Company = "Company";
        public const string Groups = "Groups";
        public const string Enabled = "Enabled";
        public const string PasswordHash = "PasswordHash";
    }
}
