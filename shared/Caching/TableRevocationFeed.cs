using System.Globalization;
using Azure.Data.Tables;
using Gatehouse.Storage;

namespace Gatehouse.Caching;

/// <summary>
/// The revocation feed in <see cref="TableNames.RevocationFeed"/>: one partition per minute of the writer's clock
/// (<c>yyyyMMddHHmm</c>, UTC), rows keyed by <see cref="RevocationEntry.Id"/>, which starts with the ticks. A read is
/// one range query over the one or two minutes it spans, starting at the row of its first instant: its cost follows
/// the revocations of those minutes, never the number of tokens or users. (Azure may split a query that crosses a
/// partition boundary into two requests; that happens in the seconds a read spans the turn of a minute.)
/// Housekeeping deletes old partitions (<see cref="PartitionOf"/>).
/// </summary>
internal sealed class TableRevocationFeed(TableProvider tables) : IRevocationFeed
{
    private const string OriginColumn = "Origin";
    private const string UserNameColumn = "UserName";
    private const string ReasonColumn = "Reason";

    private static readonly string[] Columns = ["RowKey", OriginColumn, UserNameColumn, ReasonColumn];

    /// <summary>The partition an entry written at <paramref name="at"/> goes to; they sort as time does.</summary>
    public static string PartitionOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    public Task AppendAsync(RevocationEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = new TableEntity(PartitionOf(entry.At), entry.Id)
        {
            [OriginColumn] = entry.Origin,
            [UserNameColumn] = entry.UserName,
            [ReasonColumn] = entry.Reason,
        };
        return tables.RunAsync(
            async () =>
            {
                var feed = await tables.GetAsync(TableNames.RevocationFeed, cancellationToken);
                await feed.AddEntityAsync(row, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<RevocationEntry>> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        // Every row of a later partition is later than since: the row bound only cuts into the first.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {PartitionOf(since)} and PartitionKey le {PartitionOf(until)} and RowKey ge {RevocationEntry.IdFloor(since)}");
        return tables.RunAsync(
            async () =>
            {
                var feed = await tables.GetAsync(TableNames.RevocationFeed, cancellationToken);
                var entries = new List<RevocationEntry>();
                await foreach (var row in feed.QueryAsync<TableEntity>(filter, select: Columns, cancellationToken: cancellationToken))
                {
                    if (ToEntry(row) is { } entry)
                    {
                        entries.Add(entry);
                    }
                }

                return (IReadOnlyList<RevocationEntry>)entries;
            },
            cancellationToken);
    }

    /// <summary>Null for a row no writer of this feed made; it is skipped, not allowed to stop the reading.</summary>
    private static RevocationEntry? ToEntry(TableEntity row) =>
        RevocationEntry.TimeOf(row.RowKey) is { } at && row.GetString(OriginColumn) is { } origin
            ? new RevocationEntry(row.RowKey, at, origin, row.GetString(UserNameColumn), row.GetString(ReasonColumn) ?? string.Empty)
            : null;
}
