using System.Globalization;
using System.Text;

namespace Gatehouse.Bench;

/// <summary>Renders a run as the Markdown of bench/RESULTS.md: machine, command, tables, and each target met or missed.</summary>
internal static class Report
{
    private const double MemoryTargetMB = 150;

    public static (string Markdown, int TargetsMissed) Render(BenchResults results)
    {
        var options = results.Options;
        var figures = results.Throughput;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {results.StartedAt:yyyy-MM-dd HH:mm} UTC with `{results.CommandLine}`: {options.Rounds} rounds of {options.Duration.TotalSeconds:N0} s per case, cases alternating, each figure the median of its rounds. Load: wrk, 1 thread, 16 connections unless noted, on loopback.");
        text.AppendLine();
        text.AppendLine("| machine | |").AppendLine("|---|---|");
        foreach (var (name, value) in Machine.Describe())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        var baseline = figures[Cases.Baseline].RequestsPerSecond;
        text.AppendLine().AppendLine("### Authorizer and handshake, against the bare baseline").AppendLine();
        ThroughputTable(text, figures, baseline, [
            Cases.Baseline, Cases.HandlerRoot, Cases.Token, Cases.Basic, Cases.Portal, Cases.UnknownToken,
            Cases.MissSmall, Cases.MissLarge, Cases.Handshake, Cases.HandshakeHashing]);
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Cache off = `TokenTtl`, `NegativeTtl` and `CredentialTtl` at 0: every decision reads the token's hash row and the user's row. Large set = {options.Bindings:N0} bindings seeded. Password hashing runs with 2 connections (the hash saturates both cores).");
        var (small, large) = (results.StorageSmall, results.StorageLarge);
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Azurite alone (the seeded hash rows read back by the Azure SDK, 16 concurrent, median of {options.Rounds}): {BenchOptions.SmallBindings:N0} bindings {small.PerSecond:N0} reads/s, p99 {small.P99Ms:N2} ms; {options.Bindings:N0} bindings {large.PerSecond:N0} reads/s, p99 {large.P99Ms:N2} ms ({large.P99Ms / small.P99Ms:N2}× the p99). A cache-off decision makes 2 reads, so the emulator alone bounds it near {small.PerSecond / 2:N0} decisions/s.");

        var direct = figures[Cases.NginxDirect].RequestsPerSecond;
        text.AppendLine().AppendLine("### Through nginx `auth_request`, against nginx straight to the upstream").AppendLine();
        ThroughputTable(text, figures, direct, [Cases.NginxDirect, Cases.NginxAuthorized, Cases.NginxZeroCost]);
        text.AppendLine().AppendLine("All use `gateways/nginx/nginx.conf.template` (the direct one without its `auth_request` line), one nginx worker, the baseline as upstream. The last row puts the bare baseline in the authorizer's place: the most any authorizer can reach on this stack.");

        text.AppendLine().AppendLine("### Cold start: process start to the first 200 from `/authorize` with a token").AppendLine();
        text.AppendLine("| publish mode | baseline ms | handler ms | × baseline |").AppendLine("|---|---|---|---|");
        foreach (var cold in results.ColdStarts)
        {
            text.AppendLine(cold.Failure is null
                ? string.Create(CultureInfo.InvariantCulture, $"| {cold.Mode.Label()} | {cold.BaselineMs:N0} | {cold.HandlerMs:N0} | {cold.Ratio:N2} |")
                : $"| {cold.Mode.Label()} | — | — | did not publish: {cold.Failure.Replace("|", "/", StringComparison.Ordinal)} |");
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Median of {options.ColdStartRuns} starts per app, alternating.");
        text.AppendLine().AppendLine("### Peak working set (VmHWM) after all the load above").AppendLine();
        text.AppendLine("| process | MB |").AppendLine("|---|---|");
        foreach (var (process, peak) in results.Memory)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {process} | {peak:N0} |");
        }

        var targets = Targets(results).ToList();
        text.AppendLine().AppendLine("### Targets").AppendLine();
        text.AppendLine("| target | measured | |").AppendLine("|---|---|---|");
        foreach (var (target, measured, met) in targets)
        {
            text.AppendLine($"| {target} | {measured} | {(met ? "met" : "**missed**")} |");
        }

        return (text.ToString(), targets.Count(target => !target.Met));
    }

    private static void ThroughputTable(StringBuilder text, IReadOnlyDictionary<string, Summary> figures, double reference, IReadOnlyList<string> cases)
    {
        text.AppendLine("| case | req/s | p50 ms | p99 ms | × reference |").AppendLine("|---|---|---|---|---|");
        foreach (var name in cases)
        {
            var figure = figures[name];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {figure.RequestsPerSecond:N0} | {figure.P50Ms:N2} | {figure.P99Ms:N2} | {figure.RequestsPerSecond / reference:N3} |");
        }
    }

    private static IEnumerable<(string Target, string Measured, bool Met)> Targets(BenchResults results)
    {
        var figures = results.Throughput;
        var token = figures[Cases.Token].RequestsPerSecond / figures[Cases.Baseline].RequestsPerSecond;
        yield return ("cached token ≥ 0.8 × baseline", Format(token), token >= 0.8);

        var nginx = figures[Cases.NginxAuthorized].RequestsPerSecond / figures[Cases.NginxDirect].RequestsPerSecond;
        yield return ("through nginx ≥ 0.5 × nginx direct", Format(nginx), nginx >= 0.5);

        foreach (var cold in results.ColdStarts.Where(cold => cold.Failure is null))
        {
            yield return ($"cold start ≤ 1.5 × baseline, {cold.Mode.Label()}", Format(cold.Ratio), cold.Ratio <= 1.5);
        }

        var scale = figures[Cases.MissLarge].P99Ms / figures[Cases.MissSmall].P99Ms;
        yield return ($"cache-miss p99, {results.Options.Bindings:N0} ≤ 1.5 × 1,000 bindings", Format(scale), scale <= 1.5);

        foreach (var (process, peak) in results.Memory.Where(m => m.Process.StartsWith("handler", StringComparison.Ordinal)))
        {
            yield return ($"peak working set ≤ {MemoryTargetMB:N0} MB, {process}", string.Create(CultureInfo.InvariantCulture, $"{peak:N0} MB"), peak <= MemoryTargetMB);
        }
    }

    private static string Format(double ratio) => ratio.ToString("N2", CultureInfo.InvariantCulture) + "×";
}
