using Azure.Data.Tables;
using Gatehouse.Storage;

namespace Gatehouse.Housekeeping;

/// <summary>
/// Deletes device authorizations (both their rows) an hour after they expired: until then a late poll is told
/// <c>expired_token</c> rather than that the code is unknown.
/// </summary>
internal static class DeviceCodeSweep
{
    internal static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private static readonly string[] Columns = ["PartitionKey", "RowKey"];

    /// <summary>True when every authorization past the retention is gone; false when the run's budget ran out first.</summary>
    public static async Task<bool> RunAsync(TableProvider tables, DateTimeOffset now, SweepTally tally, CancellationToken cancellationToken)
    {
        var codes = await tables.GetAsync(TableNames.DeviceCodes, cancellationToken);
        var old = TableClient.CreateQueryFilter($"Expires lt {now - Retention}");
        return await PartitionedDelete.RunAsync(codes, old, Columns, tally, tally.DeviceCodeRowsDeleted, cancellationToken);
    }
}
