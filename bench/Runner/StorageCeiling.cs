using System.Diagnostics;
using Azure.Data.Tables;
using Gatehouse.Storage;

namespace Gatehouse.Bench;

/// <summary>Point reads per second and their p99, by the Azure SDK alone.</summary>
internal sealed record StorageReads(double PerSecond, double P99Ms);

/// <summary>
/// The emulator on its own: the seeded token hash rows read back by the Azure SDK, in rotation, 16 at a time, with
/// no Gatehouse in between. A cache-off decision makes two such reads (hash row, user row), so this bounds it, and
/// comparing the two seeded sets shows what the emulator itself does with a bigger table.
/// </summary>
internal static class StorageCeiling
{
    private const int Concurrency = 16;

    public static async Task<StorageReads> MeasureAsync(string connectionString, IReadOnlyList<(string PartitionKey, string RowKey)> rows, TimeSpan duration)
    {
        var table = new TableClient(connectionString, TableNames.TokenHashes);
        var latencies = new List<double>[Concurrency];
        var next = -1;
        var elapsed = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Concurrency, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (worker, cancellationToken) =>
        {
            var own = latencies[worker] = [];
            while (elapsed.Elapsed < duration)
            {
                var (partitionKey, rowKey) = rows[(int)((uint)Interlocked.Increment(ref next) % (uint)rows.Count)];
                var started = Stopwatch.GetTimestamp();
                await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });

        var all = latencies.SelectMany(own => own).Order().ToArray();
        return new StorageReads(all.Length / elapsed.Elapsed.TotalSeconds, all[(int)Math.Ceiling(all.Length * 0.99) - 1]);
    }
}
