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
        await foreach (var page in nonces.QueryAsync<TableEntity>(expired, maxPerPage: 1000, select: Columns, cancellationToken: cancellationToken).AsPages())
        {
            // Grouped by the rows themselves, not by the order the service returns them in (SPEC §2).
            foreach (var partition in page.Values.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
            {
                var rows = partition.ToList();
                if (rows.Count > tally.Remaining)
                {
                    tally.NoncesDeleted(await SinglePartitionTransaction.DeleteUnchangedAsync(nonces, rows.Take(tally.Remaining), cancellationToken));
                    return false;
                }

                tally.NoncesDeleted(await SinglePartitionTransaction.DeleteUnchangedAsync(nonces, rows, cancellationToken));
            }
        }

        return true;
    }
}
