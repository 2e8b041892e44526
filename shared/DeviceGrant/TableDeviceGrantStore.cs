using Azure;
using Azure.Data.Tables;
using Gatehouse.Storage;

namespace Gatehouse.DeviceGrant;

/// <summary>
/// Device authorizations in Table Storage (<see cref="TableNames.DeviceCodes"/>): the authorization row is keyed by
/// the device code's hash (partition <c>device-</c> + its first two hex digits), and an immutable index row by the
/// user code's hash (partition <c>user-</c> + its first two hex digits) names it. The index row is written first, so
/// a user code is never shared; both carry <c>Expires</c> for the sweep.
/// </summary>
internal sealed class TableDeviceGrantStore(TableProvider tables) : IDeviceGrantStore
{
    internal const string DevicePartitionPrefix = "device-";
    internal const string UserPartitionPrefix = "user-";

    public async ValueTask<bool> TryAddAsync(DeviceGrantRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var index = new TableEntity(UserPartitionPrefix + record.UserCodeHash[..2], record.UserCodeHash)
        {
            [Columns.DeviceCodeHash] = record.DeviceCodeHash,
            [Columns.Expires] = record.Expires.ToUniversalTime(),
        };
        return await tables.RunAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.DeviceCodes, cancellationToken);
                if (!await table.TryAddAsync(index, cancellationToken))
                {
                    return false;
                }

                await table.AddEntityAsync(ToRow(record), cancellationToken);
                return true;
            },
            cancellationToken);
    }

    public async ValueTask<DeviceGrantRecord?> FindByDeviceCodeAsync(string deviceCodeHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceCodeHash);
        return await tables.RunAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.DeviceCodes, cancellationToken);
                return await table.GetIfExistsAsync(DevicePartitionPrefix + deviceCodeHash[..2], deviceCodeHash, cancellationToken) is { } row ? ToRecord(row) : null;
            },
            cancellationToken);
    }

    public async ValueTask<DeviceGrantRecord?> FindByUserCodeAsync(string userCodeHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userCodeHash);
        var deviceCodeHash = await tables.RunAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.DeviceCodes, cancellationToken);
                return await table.GetIfExistsAsync(UserPartitionPrefix + userCodeHash[..2], userCodeHash, cancellationToken) is { } row ? row.GetString(Columns.DeviceCodeHash) : null;
            },
            cancellationToken);
        return deviceCodeHash is null ? null : await FindByDeviceCodeAsync(deviceCodeHash, cancellationToken);
    }

    public async ValueTask<bool> TryReplaceAsync(DeviceGrantRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var eTag = record.ETag is { } read ? new ETag(read) : throw new ArgumentException("Only a record read from the store can replace it.", nameof(record));
        var row = ToRow(record);
        return await tables.RunAsync(
            async () => await (await tables.GetAsync(TableNames.DeviceCodes, cancellationToken)).TryReplaceAsync(row, eTag, cancellationToken),
            cancellationToken);
    }

    private static TableEntity ToRow(DeviceGrantRecord record) => new(DevicePartitionPrefix + record.DeviceCodeHash[..2], record.DeviceCodeHash)
    {
        [Columns.UserCodeHash] = record.UserCodeHash,
        [Columns.ClientId] = record.ClientId,
        [Columns.DeviceId] = record.DeviceId,
        [Columns.DeviceDescription] = record.DeviceDescription,
        [Columns.Permission] = record.Permission,
        [Columns.Expires] = record.Expires.ToUniversalTime(),
        [Columns.Interval] = record.IntervalSeconds,
        [Columns.LastPoll] = record.LastPoll?.ToUniversalTime(),
        [Columns.State] = record.State.ToString(),
        [Columns.UserName] = record.UserName,
    };

    private static DeviceGrantRecord ToRecord(TableEntity row) => new(
        row.RowKey,
        row.GetString(Columns.UserCodeHash) ?? string.Empty,
        row.GetString(Columns.ClientId) ?? string.Empty,
        row.GetString(Columns.DeviceId) ?? string.Empty,
        row.GetString(Columns.DeviceDescription),
        row.GetString(Columns.Permission) ?? string.Empty,
        row.GetDateTimeOffset(Columns.Expires) ?? DateTimeOffset.MinValue,
        row.GetInt32(Columns.Interval) ?? DeviceGrants.MinimumInterval,
        row.GetDateTimeOffset(Columns.LastPoll),
        // An unreadable state is treated as already used: fail closed.
        Enum.TryParse<DeviceGrantState>(row.GetString(Columns.State), out var state) ? state : DeviceGrantState.Redeemed,
        row.GetString(Columns.UserName),
        row.ETag.ToString());

    internal static class Columns
    {
        public const string DeviceCodeHash = "DeviceCodeHash";
        public const string UserCodeHash = "UserCodeHash";
        public const string ClientId = "ClientId";
        public const string DeviceId = "DeviceId";
        public const string DeviceDescription = "DeviceDescription";
        public const string Permission = "Permission";
        public const string Expires = "Expires";
        public const string Interval = "Interval";
        public const string LastPoll = "LastPoll";
        public const string State = "State";
        public const string UserName = "UserName";
    }
}
