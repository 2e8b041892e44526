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

    /// <summary>Every user row; the filter keeps a future second row kind per partition out.</summary>
    private static readonly string UserRows = TableClient.CreateQueryFilter($"RowKey eq {UserRowKey}");

    private readonly TableProvider _tables;
    private readonly PasswordHasher _hasher;
    private readonly PasswordHashingGate _hashing;
    private readonly ITokenService _tokens;
    private readonly EmailIndex _emails;
    private readonly IGroupDirectory _groups;
    private readonly ILogger<TableUserDirectory> _logger;

    public TableUserDirectory(TableProvider tables, PasswordHasher hasher, PasswordHashingGate hashing, ITokenService tokens, IGroupDirectory groups, TimeProvider time, ILogger<TableUserDirectory> logger)
    {
        _tables = tables;
        _hasher = hasher;
        _hashing = hashing;
        _tokens = tokens;
        _groups = groups;
        _emails = new EmailIndex(tables, IsLiveEmailAsync, time, logger);
        _logger = logger;
    }

    public async ValueTask<User?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return await _tables.RunAsync(
            async () => await ReadUserAsync(userName, cancellationToken) is { } row ? await ResolveAsync(ToUser(row), cancellationToken) : null,
            cancellationToken);
    }

    public async ValueTask<User?> FindByLoginAsync(string login, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(login);
        return await _tables.RunAsync(
            async () => await ReadByLoginAsync(login, cancellationToken) is { } row ? await ResolveAsync(ToUser(row), cancellationToken) : null,
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

                return PasswordCheck.Verified(await ResolveAsync(ToUser(row), cancellationToken));
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

    public async Task<bool> SetEnabledAsync(string userName, bool enabled, CancellationToken cancellationToken = default) =>
        await UpdateAsync(userName, new UserUpdate(Enabled: enabled), cancellationToken) != UserUpdateResult.NotFound;

    public async Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        UserValidation.ValidatePassword(password, nameof(password));
        return await UpdateAsync(userName, new UserUpdate(Password: password), cancellationToken) != UserUpdateResult.NotFound;
    }

    public async Task<UserUpdateResult> UpdateAsync(string userName, UserUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(update);
        if (!string.IsNullOrEmpty(update.Email))
        {
            UserValidation.ValidateEmail(update.Email, nameof(update.Email));
        }

        UserValidation.ValidateText(update.FirstName, nameof(update.FirstName));
        UserValidation.ValidateText(update.LastName, nameof(update.LastName));
        UserValidation.ValidateText(update.Company, nameof(update.Company));
        UserValidation.ValidateGroups(update.Groups, nameof(update.Groups));
        UserValidation.ValidateGroups(update.JoinGroups, nameof(update.JoinGroups));
        UserValidation.ValidateGroups(update.LeaveGroups, nameof(update.LeaveGroups));
        string? hash = null;
        if (!string.IsNullOrEmpty(update.Password))
        {
            UserValidation.ValidatePassword(update.Password, nameof(update.Password));

            // Hashing is the slow part: done once, before any read or write.
            hash = await _hashing.RunAsync(() => _hasher.Hash(update.Password));
        }

        return await _tables.RunAsync(() => UpdateCoreAsync(userName, update, hash, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default) =>
        _tables.RunAsync(
            async () =>
            {
                var users = await _tables.GetAsync(TableNames.Users, cancellationToken);
                var all = new List<User>();
                await foreach (var row in users.QueryAsync<TableEntity>(UserRows, maxPerPage: 1000, select: UserColumns.Public, cancellationToken: cancellationToken))
                {
                    all.Add(ToUser(row));
                }

                var graph = all.Any(user => user.Groups.Count > 0) ? await _groups.GraphAsync(cancellationToken) : GroupGraph.Empty;
                return (IReadOnlyList<User>)all.Select(user => user with { ExtendedGroups = graph.Expand(user.Groups) })
                    .OrderBy(user => user.UserName, StringComparer.OrdinalIgnoreCase).ToList();
            },
            cancellationToken);

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
            [UserColumns.Groups] = JoinGroups(user.Groups ?? []),
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

        throw new ConcurrentChangeException($"User '{userName}' kept changing while being deleted; try again.");
    }

    /// <remarks>
    /// A new e-mail address is claimed before the user row changes and the old one released after, as creation and
    /// deletion do: a crash in between leaves an index entry its user does not hold, which counts as free.
    /// </remarks>
    private async Task<UserUpdateResult> UpdateCoreAsync(string userName, UserUpdate update, string? passwordHash, CancellationToken cancellationToken)
    {
        var users = await _tables.GetAsync(TableNames.Users, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await ReadUserAsync(userName, cancellationToken);
            if (row is null)
            {
                return UserUpdateResult.NotFound;
            }

            var storedName = row.GetString(UserColumns.UserName) ?? userName;
            var oldEmail = row.GetString(UserColumns.Email);
            var newEmail = update.Email is null ? oldEmail : UserValidation.EmptyAsNull(update.Email);
            var addressChanged = !string.Equals(oldEmail, newEmail, StringComparison.OrdinalIgnoreCase);
            EmailClaim? claim = null;
            if (addressChanged && newEmail is not null)
            {
                claim = await _emails.ClaimAsync(newEmail, storedName, cancellationToken);
                if (claim is null)
                {
                    return UserUpdateResult.EmailTaken;
                }
            }

            var patch = new TableEntity(row.PartitionKey, row.RowKey);
            var fields = new List<string>();
            void Set(string column, object? value, bool present)
            {
                if (present)
                {
                    patch[column] = value;
                    fields.Add(column);
                }
            }

            Set(UserColumns.Email, newEmail, update.Email is not null);
            Set(UserColumns.FirstName, UserValidation.EmptyAsNull(update.FirstName), update.FirstName is not null);
            Set(UserColumns.LastName, UserValidation.EmptyAsNull(update.LastName), update.LastName is not null);
            Set(UserColumns.Company, UserValidation.EmptyAsNull(update.Company), update.Company is not null);
            var groups = Regroup(update, ToUser(row).Groups);
            Set(UserColumns.Groups, groups is null ? null : JoinGroups(groups), groups is not null);
            Set(UserColumns.Enabled, update.Enabled, update.Enabled is not null);
            Set(UserColumns.PasswordHash, passwordHash, passwordHash is not null);
            try
            {
                await users.UpdateEntityAsync(patch, row.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex) || StorageFailures.IsNotFound(ex))
            {
                if (claim is not null)
                {
                    await _emails.WithdrawAsync(claim, cancellationToken);
                }

                continue;
            }

            if (addressChanged && oldEmail is not null)
            {
                await _emails.ReleaseAsync(oldEmail, storedName, cancellationToken);
            }

            UsersLog.UserUpdated(_logger, storedName, fields);
            return UserUpdateResult.Updated;
        }

        throw new ConcurrentChangeException($"User '{userName}' kept changing while being updated; try again.");
    }

    /// <summary>The user with <see cref="User.ExtendedGroups"/> resolved: one read of the groups, none for a user in no group.</summary>
    private async Task<User> ResolveAsync(User user, CancellationToken cancellationToken) =>
        user.Groups.Count == 0 ? user : user with { ExtendedGroups = (await _groups.GraphAsync(cancellationToken)).Expand(user.Groups) };

    /// <summary>The direct groups after <paramref name="update"/>, or null when it leaves them alone.</summary>
    private static List<string>? Regroup(UserUpdate update, IReadOnlyList<string> current)
    {
        if (update.Groups is null && update.JoinGroups is null && update.LeaveGroups is null)
        {
            return null;
        }

        var groups = (update.Groups ?? current).Concat(update.JoinGroups ?? []);
        var leave = update.LeaveGroups ?? [];
        return groups.Where(group => !leave.Contains(group, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    private static string JoinGroups(IReadOnlyList<string> groups) => string.Join('\n', groups.Distinct(StringComparer.OrdinalIgnoreCase));

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

        /// <summary>Every column but the password hash: what listing reads.</summary>
        public static readonly string[] Public = ["PartitionKey", "RowKey", UserName, Email, FirstName, LastName, Company, Groups, Enabled];
    }
}
