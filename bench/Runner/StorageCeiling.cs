using System.Diagnostics;
using Azure.Data.Tables;

namespace Gatehouse.Bench;

/// <summary>
/// The emulator's own ceiling: point reads per second of one entity by the Azure SDK, 16 at a time, with no
/// Gatehouse in between. A cache-off decision costs two point reads, so it cannot beat half of this.
/// </summary>
internal static class StorageCeiling
{
    private const int Concurrency = 16;

    public static async Task<double> MeasurePointReadsPerSecondAsync(string connectionString, TimeSpan duration)
    {
        var table = new TableClient(connectionString, "benchceiling");
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("partition", "row") { ["Value"] = "x" });

        long reads = 0;
        var elapsed = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Concurrency, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (_, cancellationToken) =>
        {
            while (elapsed.Elapsed < duration)
            {
                await table.GetEntityIfExistsAsync<TableEntity>("partition", "row", cancellationToken: cancellationToken);
                Interlocked.Increment(ref reads);
            }
        });
        return reads / elapsed.Elapsed.TotalSeconds;
    }
}
