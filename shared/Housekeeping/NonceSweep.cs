using Azure.Data.Tables;
using Gatehouse.Plugins;
using Gatehouse.Storage;

namespace Gatehouse.Housekeeping;

/// <summary>
/// Deletes nonce claims that have expired: an expired claim no longer refuses anything (PORTAL_AUTH refuses a
/// timestamp older than its MaxAge by itself). Many claims share a partition, so they go up to 100 per transaction.
/// </summary>
internal static class NonceSweep
{
    private static readonly string[] Columns = ["PartitionKey", "RowKey", TableNonceStore.ExpiresAtColumn];

    /// <summary>True when every expired claim is gone; false when the run's budget ran out first.</summary>
    public static async Task<bool> RunAsync(TableProvider tables, DateTimeOffset now, SweepTally tally, CancellationToken cancellationToken)
    {
        var nonces = await tables.GetAsync(TableNames.Nonces, cancellationToken);

        // Both layouts match: the first one's rows (a partition per nonce) simply go one per transaction.
        var expired = TableClient.CreateQueryFilter($"ExpiresAt lt {now}");
        return await PartitionedDelete.RunAsync(nonces, expired, Columns, tally, tally.NoncesDeleted, cancellationToken);
    }
}
