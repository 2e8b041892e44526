using Azure.Data.Tables;
using Gatehouse.Storage;

namespace Gatehouse.Housekeeping;

/// <summary>The sweeps' one way of deleting what a filter matches: grouped by partition, up to 100 rows per transaction, within the run's budget.</summary>
internal static class PartitionedDelete
{
    /// <summary>
    /// Deletes the rows of <paramref name="table"/> that <paramref name="filter"/> matches, reporting each batch to
    /// <paramref name="deleted"/>. True when none is left; false when the tally's budget ran out first.
    /// </summary>
    public static async Task<bool> RunAsync(TableClient table, string filter, string[] columns, SweepTally tally, Action<int> deleted, CancellationToken cancellationToken)
    {
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: columns, cancellationToken: cancellationToken).AsPages())
        {
            // Grouped by the rows themselves, not by the order the service returns them in (SPEC §2).
            foreach (var partition in page.Values.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
            {
                var rows = partition.ToList();
                if (rows.Count > tally.Remaining)
                {
                    deleted(await SinglePartitionTransaction.DeleteUnchangedAsync(table, rows.Take(tally.Remaining), cancellationToken));
                    return false;
                }

                deleted(await SinglePartitionTransaction.DeleteUnchangedAsync(table, rows, cancellationToken));
            }
        }

        return true;
    }
}
