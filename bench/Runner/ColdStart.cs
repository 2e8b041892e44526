using System.Net;
using Gatehouse.Testing;

namespace Gatehouse.Bench;

/// <summary>
/// Median cold starts of one publish mode: process start to the first 200 on the authorize path. Standalone: the
/// handler against the bare minimal API; <see cref="UnderHostDouble"/>: the Gatehouse worker against the bare worker,
/// both under the Functions host double. The runs are kept for the ranges.
/// </summary>
internal sealed record ColdStartResult(PublishMode Mode, double BaselineMs, double HandlerMs, string? Failure)
{
    public double Ratio => HandlerMs / BaselineMs;

    public bool UnderHostDouble { get; init; }

    public IReadOnlyList<double> BaselineRuns { get; init; } = [];

    public IReadOnlyList<double> HandlerRuns { get; init; } = [];
}

/// <summary>
/// Starts the baseline and the handler alternately, each a fresh process, and times the first 200 to a token
/// request on <c>/authorize</c> (for the handler that includes reading its secrets, checking the bootstrap admin
/// and validating the token against storage: everything a first request after a scale-out pays).
/// </summary>
internal static class ColdStart
{
    /// <summary>Asked as the nginx recipe asks (the default original-request source); the baseline answers any path.</summary>
    public const string Path = "/authorize";

    /// <summary>The bare worker's one anonymous function.</summary>
    public const string BareWorkerPath = "/hello";

    private static readonly KeyValuePair<string, string>[] OriginalRequest =
        [KeyValuePair.Create("X-Original-Method", "GET"), KeyValuePair.Create("X-Original-URI", "/api/things")];

    public static async Task<ColdStartResult> MeasureAsync(PublishedPair pair, IReadOnlyDictionary<string, string> handlerSettings, string token, int runs)
    {
        if (!pair.Succeeded)
        {
            return new ColdStartResult(pair.Mode, double.NaN, double.NaN, pair.Failure);
        }

        var baseline = new List<double>();
        var handler = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            baseline.Add(await OnceAsync(pair.Baseline, "baseline", new Dictionary<string, string>(), []));
            handler.Add(await OnceAsync(pair.Handler, "gatehouse", handlerSettings, [.. OriginalRequest, KeyValuePair.Create("X-Authentication-Token", token)]));
        }

        Console.WriteLine($"  {pair.Mode.Label(),-20} baseline {string.Join(", ", baseline.Select(ms => $"{ms:N0}"))} ms; handler {string.Join(", ", handler.Select(ms => $"{ms:N0}"))} ms");
        return new ColdStartResult(pair.Mode, Summary.Median(baseline), Summary.Median(handler), null) { BaselineRuns = baseline, HandlerRuns = handler };
    }

    /// <summary>
    /// The same under the Functions host double: the bare worker and the Gatehouse worker alternately, each a fresh
    /// double and worker process, timed from the worker process's start to the first 200 through the double (the
    /// double's own start, in this process, is not counted: a host is up before it starts a worker). One start of
    /// each, unrecorded, first: the double's code in this process is then compiled for both sides alike.
    /// </summary>
    public static async Task<ColdStartResult> MeasureWorkerAsync(PublishedPair pair, IReadOnlyDictionary<string, string> handlerSettings, string token, int runs)
    {
        if (!pair.Succeeded || pair.BareWorker is null)
        {
            return new ColdStartResult(pair.Mode, double.NaN, double.NaN, pair.Failure ?? "no bare worker published") { UnderHostDouble = true };
        }

        var bare = new List<double>();
        var worker = new List<double>();
        for (var run = -1; run < runs; run++)
        {
            var bareMs = await WorkerOnceAsync(pair.BareWorker, new Dictionary<string, string>(), BareWorkerPath, _ => []);
            var workerMs = await WorkerOnceAsync(pair.Handler, handlerSettings, Path, key => [.. OriginalRequest, KeyValuePair.Create("X-Authentication-Token", token), KeyValuePair.Create("x-functions-key", key)]);
            if (run >= 0)
            {
                bare.Add(bareMs);
                worker.Add(workerMs);
            }
        }

        Console.WriteLine($"  {pair.Mode.Label(),-20} bare worker {string.Join(", ", bare.Select(ms => $"{ms:N0}"))} ms; worker {string.Join(", ", worker.Select(ms => $"{ms:N0}"))} ms (under the host double)");
        return new ColdStartResult(pair.Mode, Summary.Median(bare), Summary.Median(worker), null) { UnderHostDouble = true, BaselineRuns = bare, HandlerRuns = worker };
    }

    private static async Task<double> OnceAsync(string directory, string executable, IReadOnlyDictionary<string, string> settings, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        await using var app = StandaloneProcess.Start(directory, executable, settings);
        return (await app.WaitForAsync(Path, HttpStatusCode.OK, headers)).TotalMilliseconds;
    }

    private static async Task<double> WorkerOnceAsync(string directory, IReadOnlyDictionary<string, string> settings, string path, Func<string, IReadOnlyList<KeyValuePair<string, string>>> headers)
    {
        await using var worker = await HostedWorker.StartAsync(directory, settings);
        return (await worker.WaitForAsync(path, HttpStatusCode.OK, headers(worker.Host.FunctionKey ?? string.Empty))).TotalMilliseconds;
    }
}
