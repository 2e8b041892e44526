using Azure.Data.Tables;
using Gatehouse.Caching;
using Gatehouse.Storage;

namespace Gatehouse.Housekeeping;

/// <summary>
/// Deletes the revocation feed's old minutes. A reader never looks further back than its outage limit and clock skew
/// allowance (seconds to minutes), so an hour is kept for whoever reads the table to see what happened; older
/// partitions go whole, up to 100 rows per transaction.
/// </summary>
internal static class RevocationFeedSweep
{
    internal static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private static readonly string[] Columns = ["PartitionKey", "RowKey"];

    /// <summary>True when every partition older than the retention is gone; false when the run's budget ran out first.</summary>
    public static async Task<bool> RunAsync(TableProvider tables, DateTimeOffset now, SweepTally tally, CancellationToken cancellationToken)
    {
        var feed = await tables.GetAsync(TableNames.RevocationFeed, cancellationToken);
        var old = TableClient.CreateQueryFilter($"PartitionKey lt {TableRevocationFeed.PartitionOf(now - Retention)}");
        return await PartitionedDelete.RunAsync(feed, old, Columns, tally, tally.FeedEntriesDeleted, cancellationToken);
    }
}
