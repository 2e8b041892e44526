using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Gatehouse.Storage;
using Microsoft.Extensions.Options;

namespace Gatehouse.Audit;

/// <summary>
/// The audit trail in <see cref="TableNames.Audit"/>. Each event is written twice, with one row key:
/// <list type="bullet">
/// <item>in its user's partition (<c>user|</c> + escaped lower-case name), so one user's recent events are one range
/// query — what the token page and <c>?user=</c> read;</item>
/// <item>in the partition of its month (<c>all|yyyyMM</c>), so an administrator's "everyone" view is a range query
/// over the few months it spans, never a scan of every user's partition. A month holds far fewer writes than the
/// 2,000 entities per second one partition takes, and the writer batches each partition's rows (up to 100 per
/// transaction), so the second row costs about one request per batch, not one per event.</item>
/// </list>
/// The row key is the inverted time (19 digits, so newest first) and a random suffix. Nothing stored is a secret: the
/// decorators only ever put names, binding ids and reasons in an event. Housekeeping deletes rows older than
/// <see cref="AuditOptions.Retention"/> by row key, in every partition (<see cref="OlderThan"/>).
/// </summary>
internal sealed class TableAuditStore(TableProvider tables, IOptions<AuditOptions> options, TimeProvider time) : IAuditStore
{
    /// <summary>Longest user name kept in a row; a longer failed login is cut (it would be garbage, and cannot be a key).</summary>
    internal const int MaxUserLength = 256;

    /// <summary>Longest detail kept.</summary>
    internal const int MaxDetailLength = 1024;

    private const string TypeColumn = "Type";
    private const string UserColumn = "User";
    private const string ActorColumn = "Actor";
    private const string ViaColumn = "Via";
    private const string AtColumn = "At";
    private const string DetailColumn = "Detail";
    private const int TicksDigits = 19;
    private const int SuffixLength = 16;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private static readonly string[] Columns = ["RowKey", TypeColumn, UserColumn, ActorColumn, ViaColumn, AtColumn, DetailColumn];

    /// <summary>The partition of a user's events, or null when the name cannot be a key (then only the month's row is written).</summary>
    internal static string? UserPartition(string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return null;
        }

        try
        {
            return TableKeys.Compose("user", TableKeys.Escape(user.ToLowerInvariant(), "user"));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    internal static string MonthPartition(DateTimeOffset at) => TableKeys.Compose("all", at.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture));

    /// <summary>The inverted-time prefix of the rows written at <paramref name="at"/>: later is smaller.</summary>
    internal static string TimeKey(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D" + TicksDigits, CultureInfo.InvariantCulture);

    /// <summary>The filter of every row older than <paramref name="cutoff"/>, in any partition: the sweep's.</summary>
    internal static string OlderThan(DateTimeOffset cutoff) => TableClient.CreateQueryFilter($"RowKey gt {TimeKey(cutoff) + "~"}");

    public Task WriteAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var rows = new List<TableEntity>(events.Count * 2);
        foreach (var auditEvent in events)
        {
            var id = TimeKey(auditEvent.At) + TableKeys.Separator + RandomNumberGenerator.GetHexString(SuffixLength, lowercase: true);
            rows.Add(ToRow(MonthPartition(auditEvent.At), id, auditEvent));
            if (UserPartition(auditEvent.User) is { } partition)
            {
                rows.Add(ToRow(partition, id, auditEvent));
            }
        }

        return tables.RunAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.Audit, cancellationToken);
                foreach (var partition in rows.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
                {
                    foreach (var chunk in partition.Chunk(SinglePartitionTransaction.MaxActions))
                    {
                        // Upsert: a request the SDK retries after it had in fact succeeded writes the same rows again, not a 409.
                        await SinglePartitionTransaction.SubmitAsync(table, chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)).ToList(), cancellationToken);
                    }
                }

                return true;
            },
            cancellationToken);
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        CheckAfter(query.After);

        // Nothing older than the retention is kept: reading further back would only walk empty months.
        var now = time.GetUtcNow();
        var since = query.Since < now - options.Value.Retention - TimeSpan.FromDays(1) ? now - options.Value.Retention - TimeSpan.FromDays(1) : query.Since;
        IEnumerable<string> partitions;
        if (query.User is { } user)
        {
            partitions = UserPartition(user) is { } partition ? [partition] : [];
        }
        else
        {
            // Newest month first, from the cursor's (or a day ahead of now: another instance's clock may run fast).
            var from = query.After is { } cursor ? TimeOf(cursor) : now + TimeSpan.FromDays(1);
            partitions = Months(from, since);
        }

        return tables.RunAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.Audit, cancellationToken);
                var found = new List<AuditEvent>(query.PageSize + 1);
                foreach (var partition in partitions)
                {
                    var filter = Filter(partition, since, query);
                    await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: query.PageSize + 1 - found.Count, select: Columns, cancellationToken: cancellationToken))
                    {
                        found.Add(ToEvent(row));
                        if (found.Count > query.PageSize)
                        {
                            found.RemoveAt(query.PageSize);
                            return new AuditPage(found, found[^1].Id);
                        }
                    }
                }

                return new AuditPage(found, null);
            },
            cancellationToken);
    }

    private static string Filter(string partition, DateTimeOffset since, AuditQuery query)
    {
        // '~' sorts after the separator and every hex digit: "lt time~" keeps every row of that instant and later.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {TimeKey(since) + "~"}");
        if (query.After is { } after)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {after}");
        }

        if (query.Type is { } type)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Type eq {type}");
        }

        return filter;
    }

    private static IEnumerable<string> Months(DateTimeOffset from, DateTimeOffset since)
    {
        var month = new DateTime(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var last = new DateTime(since.UtcDateTime.Year, since.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (; month >= last; month = month.AddMonths(-1))
        {
            yield return MonthPartition(new DateTimeOffset(month));
        }
    }

    private static void CheckAfter(string? after)
    {
        if (after is not null && !IsId(after))
        {
            throw new ArgumentException("after is not a page position this API gave (the next of an earlier page).", nameof(after));
        }
    }

    private static bool IsId(string id) =>
        id.Length == TicksDigits + 1 + SuffixLength && id[TicksDigits] == TableKeys.Separator
        && id.AsSpan(0, TicksDigits).IndexOfAnyExceptInRange('0', '9') < 0
        && long.TryParse(id.AsSpan(0, TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var inverted)
        && inverted <= DateTimeOffset.MaxValue.UtcTicks
        && !id.AsSpan(TicksDigits + 1).ContainsAnyExcept(LowerHex);

    private static DateTimeOffset TimeOf(string id) =>
        new(DateTimeOffset.MaxValue.UtcTicks - long.Parse(id.AsSpan(0, TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);

    private static TableEntity ToRow(string partition, string id, AuditEvent auditEvent) => new(partition, id)
    {
        [TypeColumn] = auditEvent.Type,
        [UserColumn] = Cut(auditEvent.User, MaxUserLength),
        [ActorColumn] = auditEvent.Actor,
        [ViaColumn] = auditEvent.Via,
        [AtColumn] = auditEvent.At,
        [DetailColumn] = Cut(auditEvent.Detail, MaxDetailLength),
    };

    private static AuditEvent ToEvent(TableEntity row) => new(
        row.GetString(TypeColumn) ?? string.Empty,
        row.GetString(UserColumn),
        row.GetString(ActorColumn),
        row.GetString(ViaColumn) ?? AuditVia.Internal,
        row.GetDateTimeOffset(AtColumn) ?? TimeOf(row.RowKey),
        row.GetString(DetailColumn),
        row.RowKey);

    private static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
