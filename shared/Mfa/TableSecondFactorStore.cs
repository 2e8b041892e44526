using Azure;
using Azure.Data.Tables;
using Gatehouse.Storage;

namespace Gatehouse.Mfa;

/// <summary>
/// Second factors in Table Storage (<see cref="TableNames.SecondFactors"/>): one row per user, partition = the escaped
/// lower-case user name (as in <see cref="TableNames.Users"/>), so an operator finds a user's row by name. Replay
/// protection rests on the row's ETag: every accepting write is conditional on the row read.
/// </summary>
internal sealed class TableSecondFactorStore(TableProvider tables) : ISecondFactorStore
{
    private const string RowKey = "totp";
    private const char HashSeparator = ',';

    public async ValueTask<SecondFactorRecord?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        var key = UserKey(userName);
        return await tables.RunAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.SecondFactors, cancellationToken);
                return await table.GetIfExistsAsync(key, RowKey, cancellationToken) is { } row ? ToRecord(row) : null;
            },
            cancellationToken);
    }

    public async ValueTask<bool> TryAddAsync(SecondFactorRecord record, CancellationToken cancellationToken = default)
    {
        var row = ToRow(record);
        return await tables.RunAsync(
            async () => await (await tables.GetAsync(TableNames.SecondFactors, cancellationToken)).TryAddAsync(row, cancellationToken),
            cancellationToken);
    }

    public async ValueTask<bool> TryReplaceAsync(SecondFactorRecord record, CancellationToken cancellationToken = default)
    {
        var eTag = record.ETag is { } read ? new ETag(read) : throw new ArgumentException("Only a record read from the store can replace it.", nameof(record));
        var row = ToRow(record);
        return await tables.RunAsync(
            async () => await (await tables.GetAsync(TableNames.SecondFactors, cancellationToken)).TryReplaceAsync(row, eTag, cancellationToken),
            cancellationToken);
    }

    public async ValueTask<bool> DeleteAsync(string userName, string? eTag, CancellationToken cancellationToken = default)
    {
        var key = UserKey(userName);
        var condition = eTag is null ? ETag.All : new ETag(eTag);
        return await tables.RunAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.SecondFactors, cancellationToken);
                try
                {
                    // A delete of a missing entity answers 404 without throwing: a missing table must still be told apart.
                    var response = await table.DeleteEntityAsync(key, RowKey, condition, cancellationToken);
                    if (response.Status != 404)
                    {
                        return true;
                    }

                    return StorageFailures.IsTableNotFound(response) ? throw StorageFailures.TableNotFound(response) : false;
                }
                catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex))
                {
                    return false;
                }
            },
            cancellationToken);
    }

    private static string UserKey(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return TableKeys.Escape(userName.ToLowerInvariant(), nameof(userName));
    }

    private static TableEntity ToRow(SecondFactorRecord record) => new(UserKey(record.UserName), RowKey)
    {
        [Columns.UserName] = record.UserName,
        [Columns.Active] = record.Active,
        [Columns.KeyVersion] = record.Secret.KeyVersion,
        [Columns.Secret] = record.Secret.Value,
        [Columns.LastStep] = record.LastStep,
        [Columns.RecoverySalt] = record.RecoverySalt,
        [Columns.RecoveryHashes] = string.Join(HashSeparator, record.RecoveryHashes),
        [Columns.Since] = record.Since.ToUniversalTime(),
    };

    private static SecondFactorRecord ToRecord(TableEntity row) => new(
        row.GetString(Columns.UserName) ?? TableKeys.Unescape(row.PartitionKey),
        row.GetBoolean(Columns.Active) ?? false,
        new SealedSecret(row.GetString(Columns.KeyVersion) ?? string.Empty, row.GetString(Columns.Secret) ?? string.Empty),
        row.GetInt64(Columns.LastStep) ?? -1,
        row.GetString(Columns.RecoverySalt) ?? string.Empty,
        (row.GetString(Columns.RecoveryHashes) ?? string.Empty).Split(HashSeparator, StringSplitOptions.RemoveEmptyEntries),
        row.GetDateTimeOffset(Columns.Since) ?? DateTimeOffset.MinValue,
        row.ETag.ToString());

    private static class Columns
    {
        public const string UserName = "UserName";
        public const string Active = "Active";
        public const string KeyVersion = "KeyVersion";
        public const string Secret = "Secret";
        public const string LastStep = "LastStep";
        public const string RecoverySalt = "RecoverySalt";
        public const string RecoveryHashes = "RecoveryHashes";
        public const string Since = "Since";
    }
}
