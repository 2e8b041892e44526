using System.Net;
using Gatehouse.Testing;

namespace Gatehouse.Bench;

/// <summary>Median cold starts of one publish mode: process start to the first 200 on the authorize path.</summary>
internal sealed record ColdStartResult(PublishMode Mode, double BaselineMs, double HandlerMs, string? Failure)
{
    public double Ratio => HandlerMs / BaselineMs;
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
            handler.Add(await OnceAsync(pair.Handler, "gatehouse", handlerSettings,
                [KeyValuePair.Create("X-Original-Method", "GET"), KeyValuePair.Create("X-Original-URI", "/api/things"), KeyValuePair.Create("X-Authentication-Token", token)]));
        }

        Console.WriteLine($"  {pair.Mode.Label(),-20} baseline {string.Join(", ", baseline.Select(ms => $"{ms:N0}"))} ms; handler {string.Join(", ", handler.Select(ms => $"{ms:N0}"))} ms");
        return new ColdStartResult(pair.Mode, Summary.Median(baseline), Summary.Median(handler), null);
    }

    private static async Task<double> OnceAsync(string directory, string executable, IReadOnlyDictionary<string, string> settings, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        await using var app = StandaloneProcess.Start(directory, executable, settings);
        return (await app.WaitForAsync(Path, HttpStatusCode.OK, headers)).TotalMilliseconds;
    }
}
