namespace Gatehouse.Bench;

/// <summary>Medians of several wrk runs of one load (each statistic's own median).</summary>
/// <param name="SocketErrors">Summed over the runs (only an attack's may be above 0: its timeouts are the attacker's).</param>
internal sealed record Summary(double RequestsPerSecond, double P50Ms, double P99Ms, long SocketErrors)
{
    public static Summary Of(IReadOnlyList<WrkResult> runs) =>
        new(Median(runs.Select(r => r.RequestsPerSecond)), Median(runs.Select(r => r.P50Ms)), Median(runs.Select(r => r.P99Ms)), runs.Sum(r => r.SocketErrors));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>
/// Runs every load once per round, in the same order each round, so slow drifts of the machine (thermal, other
/// processes) spread over all cases instead of skewing the ones measured last.
/// </summary>
internal static class Throughput
{
    /// <summary>How long a background load runs alone before, and after, the measured one.</summary>
    private static readonly TimeSpan BackgroundLead = TimeSpan.FromSeconds(1);

    /// <summary>Each load, unrecorded, before the first round: a fresh process's first seconds (JIT tiers, thread pool growth) are not its steady state.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    /// <summary>Medians by load name; a background load's under its own name.</summary>
    public static async Task<IReadOnlyDictionary<string, Summary>> MeasureAsync(IReadOnlyList<Load> loads, BenchOptions options)
    {
        var runs = loads.Concat(loads.Select(load => load.Background).OfType<Load>()).ToDictionary(load => load.Name, _ => new List<WrkResult>());
        foreach (var load in loads)
        {
            EnsureAnswered(load, await Wrk.RunAsync(load, WarmUp));
        }
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var load in loads)
            {
                var background = load.Background is { } flood ? Wrk.RunAsync(flood, options.Duration + (2 * BackgroundLead)) : null;
                if (background is not null)
                {
                    await Task.Delay(BackgroundLead);
                }

                var result = await Wrk.RunAsync(load, options.Duration);
                EnsureAnswered(load, result);
                runs[load.Name].Add(result);
                Console.WriteLine($"  round {round}/{options.Rounds}  {load.Name,-44} {result.RequestsPerSecond,9:N0} req/s  p50 {result.P50Ms,7:N2} ms  p99 {result.P99Ms,7:N2} ms");
                if (background is not null)
                {
                    var flooded = await background;
                    EnsureAnswered(load.Background!, flooded);
                    runs[load.Background!.Name].Add(flooded);
                    Console.WriteLine($"                {load.Background.Name,-44} {flooded.RequestsPerSecond,9:N0} req/s  p50 {flooded.P50Ms,7:N2} ms  p99 {flooded.P99Ms,7:N2} ms  {flooded.SocketErrors} socket errors");
                }
            }
        }

        return runs.ToDictionary(run => run.Key, run => Summary.Of(run.Value));
    }

    /// <summary>A figure only counts when every request got the answer the case is about.</summary>
    private static void EnsureAnswered(Load load, WrkResult result)
    {
        var wrong = load.ExpectSuccess ? result.Non2xx : result.Requests - result.Non2xx;
        if (wrong > 0 || (result.SocketErrors > 0 && !load.IsAttack) || result.Requests == 0)
        {
            throw new InvalidOperationException(
                $"{load.Name}: {wrong} of {result.Requests} requests got the wrong kind of answer (expected {(load.ExpectSuccess ? "2xx" : "a denial")}), {result.SocketErrors} socket errors.");
        }
    }
}
