using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Gatehouse.Testing;

namespace Gatehouse.Bench;

/// <summary>What one wrk run measured.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, long SocketErrors);

/// <summary>Debian's wrk, one thread (the machine's other core serves), bounded by its duration and a 5 s request timeout.</summary>
internal static partial class Wrk
{
    public const string Binary = "/usr/bin/wrk";

    public static async Task<WrkResult> RunAsync(Load load, TimeSpan duration)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        var arguments = new List<string>
        {
            "-t1", $"-c{load.Connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "5s", "--latency",
        };
        foreach (var header in load.Headers)
        {
            arguments.AddRange(["-H", header]);
        }

        if (load.HeaderFile is { } headerFile)
        {
            arguments.AddRange(["-s", Path.Combine(RepositoryRoot.Path, "bench", "headers.lua"), load.Url.ToString(), "--", headerFile()]);
        }
        else
        {
            arguments.Add(load.Url.ToString());
        }

        arguments.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        var output = await stdout;
        return process.ExitCode == 0
            ? Parse(output)
            : throw new InvalidOperationException($"wrk failed for {load.Name}: {await stderr}{output}");
    }

    internal static WrkResult Parse(string output)
    {
        var socketErrors = SocketErrors().Match(output);
        return new WrkResult(
            RequestsPerSecond: double.Parse(Required(RequestsPerSecond(), output), CultureInfo.InvariantCulture),
            P50Ms: Milliseconds(Required(Percentile50(), output)),
            P99Ms: Milliseconds(Required(Percentile99(), output)),
            Requests: long.Parse(Required(RequestCount(), output), CultureInfo.InvariantCulture),
            Non2xx: Non2xx().Match(output) is { Success: true } non2xx ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            SocketErrors: socketErrors.Success ? socketErrors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
    }

    private static string Required(Regex pattern, string output) =>
        pattern.Match(output) is { Success: true } match
            ? match.Groups[1].Value
            : throw new FormatException($"wrk output without {pattern}:\n{output}");

    /// <summary>wrk prints latencies as e.g. <c>350.00us</c>, <c>1.20ms</c> or <c>2.01s</c>.</summary>
    private static double Milliseconds(string value)
    {
        var (number, scale) = value switch
        {
            _ when value.EndsWith("us", StringComparison.Ordinal) => (value[..^2], 0.001),
            _ when value.EndsWith("ms", StringComparison.Ordinal) => (value[..^2], 1.0),
            _ when value.EndsWith('s') => (value[..^1], 1000.0),
            _ => throw new FormatException($"wrk latency '{value}' has no unit"),
        };
        return double.Parse(number, CultureInfo.InvariantCulture) * scale;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+50%\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex Percentile50();

    [GeneratedRegex(@"^\s+99%\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex Percentile99();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
