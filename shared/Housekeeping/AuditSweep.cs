using Gatehouse.Audit;
using Gatehouse.Storage;

namespace Gatehouse.Housekeeping;

/// <summary>
/// Deletes audit rows older than <see cref="AuditOptions.Retention"/>, in every partition (a user's and the month's):
/// one filter on the row key, which starts with the inverted time, so old rows are found without reading new ones.
/// </summary>
internal static class AuditSweep
{
    private static readonly string[] Columns = ["PartitionKey", "RowKey"];

    /// <summary>True when every row older than the retention is gone; false when the run's budget ran out first.</summary>
    public static async Task<bool> RunAsync(TableProvider tables, DateTimeOffset cutoff, SweepTally tally, CancellationToken cancellationToken)
    {
        var audit = await tables.GetAsync(TableNames.Audit, cancellationToken);
        return await PartitionedDelete.RunAsync(audit, TableAuditStore.OlderThan(cutoff), Columns, tally, tally.AuditEntriesDeleted, cancellationToken);
    }
}
