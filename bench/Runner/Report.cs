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
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {results.StartedAt:yyyy-MM-dd HH:mm} UTC with `{results.CommandLine}`: {options.Rounds} rounds of {options.Duration.TotalSeconds:N0} s per case, cases alternating, each figure the median of its rounds, after each case ran 2 s unrecorded. Load: wrk, 1 thread, 16 connections unless noted, on loopback.");
        text.AppendLine();
        text.AppendLine("| machine | |").AppendLine("|---|---|");
        foreach (var (name, value) in Machine.Describe())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| load average (1, 5, 15 min) | {results.LoadAverageAtStart} at start, {Machine.LoadAverage()} at the end |");

        var baseline = figures[Cases.Baseline].RequestsPerSecond;
        text.AppendLine().AppendLine("### Authorizer and handshake, against the bare baseline").AppendLine();
        ThroughputTable(text, figures, baseline, [
            Cases.Baseline, Cases.HandlerRoot, Cases.Token, Cases.Basic, Cases.Portal, Cases.UnknownToken,
            Cases.MissSmall, Cases.MissLarge, Cases.Handshake, Cases.HandshakeHashing]);
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Cache off = `TokenTtl`, `NegativeTtl` and `CredentialTtl` at 0: every decision reads the token's hash row and the user's row. Large set = {options.Bindings:N0} bindings seeded. Password hashing runs with 2 connections (the hash saturates both cores).");
        if ((results.StorageSmall, results.StorageLarge) is ({ } small, { } large))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Azurite alone (the seeded hash rows read back by the Azure SDK, 16 concurrent, median of {options.Rounds}): {BenchOptions.SmallBindings:N0} bindings {small.PerSecond:N0} reads/s, p99 {small.P99Ms:N2} ms; {options.Bindings:N0} bindings {large.PerSecond:N0} reads/s, p99 {large.P99Ms:N2} ms ({large.P99Ms / small.P99Ms:N2}× the p99). A cache-off decision makes 2 reads, so the emulator alone bounds it near {small.PerSecond / 2:N0} decisions/s.");
        }

        FloodTable(text, figures);

        var direct = figures[Cases.NginxDirect].RequestsPerSecond;
        text.AppendLine().AppendLine("### Through nginx `auth_request`, against nginx straight to the upstream").AppendLine();
        ThroughputTable(text, figures, direct, [Cases.NginxDirect, Cases.NginxAuthorized, Cases.NginxZeroCost]);
        text.AppendLine().AppendLine("All use `gateways/nginx/nginx.conf.template` (the direct one without its `auth_request` line), one nginx worker, the baseline as upstream. The last row puts the bare baseline in the authorizer's place: the most any authorizer can reach on this stack.");

        if (figures.ContainsKey(Cases.Token32))
        {
            text.AppendLine().AppendLine("### Standalone at 32 connections, against the bare baseline at 32 connections").AppendLine();
            ThroughputTable(text, figures, figures[Cases.Baseline32].RequestsPerSecond, [Cases.Baseline32, Cases.Token32]);
            text.AppendLine().AppendLine("The same handler and baseline processes as above, loaded as an outside harness loads them: wrk, 1 thread, 32 connections.");
        }

        if (figures.ContainsKey(Cases.WorkerToken))
        {
            text.AppendLine().AppendLine("### The worker under the Functions host double, against the bare worker under the same double").AppendLine();
            ThroughputTable(text, figures, figures[Cases.WorkerBare].RequestsPerSecond, [Cases.WorkerBare, Cases.WorkerToken]);
            text.AppendLine().AppendLine("Both published framework-dependent as `dotnet publish -c Release` publishes them and started by the host double (`tests/Gatehouse.Testing/FunctionsHost`) as the end-to-end tests start them: keys enforced, Production. Gatehouse's `/authorize` is `Function` level (wrk sends `x-functions-key`, as a gateway does); the bare worker's `GET /hello` (`bench/BareWorker`) is anonymous and answers a constant. Each call crosses the double (routing, keys, the InvocationRequest over gRPC, the HTTP proxy to the worker's own Kestrel), which runs in the bench process and costs both rows alike.");
        }

        var standaloneColdStarts = results.ColdStarts.Where(cold => !cold.UnderHostDouble).ToList();
        if (standaloneColdStarts.Count > 0)
        {
            text.AppendLine().AppendLine("### Cold start: process start to the first 200 from `/authorize` with a token").AppendLine();
            text.AppendLine("| publish mode | baseline ms | handler ms | × baseline |").AppendLine("|---|---|---|---|");
            foreach (var cold in standaloneColdStarts)
            {
                text.AppendLine(cold.Failure is null
                    ? string.Create(CultureInfo.InvariantCulture, $"| {cold.Mode.Label()} | {cold.BaselineMs:N0} | {cold.HandlerMs:N0} | {cold.Ratio:N2} |")
                    : $"| {cold.Mode.Label()} | — | — | did not publish: {cold.Failure.Replace("|", "/", StringComparison.Ordinal)} |");
            }

            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Median of {options.ColdStartRuns} starts per app, alternating.");
        }

        var workerColdStarts = results.ColdStarts.Where(cold => cold.UnderHostDouble).ToList();
        if (workerColdStarts.Count > 0)
        {
            text.AppendLine().AppendLine("### Cold start under the host double: worker process start to the first 200 through the double").AppendLine();
            text.AppendLine("| publish mode | bare worker ms (range) | worker ms (range) | × bare worker |").AppendLine("|---|---|---|---|");
            foreach (var cold in workerColdStarts)
            {
                text.AppendLine(cold.Failure is null
                    ? string.Create(CultureInfo.InvariantCulture, $"| {cold.Mode.Label()} | {cold.BaselineMs:N0} ({Range(cold.BaselineRuns)}) | {cold.HandlerMs:N0} ({Range(cold.HandlerRuns)}) | {cold.Ratio:N2} |")
                    : $"| {cold.Mode.Label()} | — | — | did not publish: {cold.Failure.Replace("|", "/", StringComparison.Ordinal)} |");
            }

            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Median of {options.ColdStartRuns} starts per app, alternating, after one unrecorded start of each. Gatehouse: `/authorize` with the token and the function key (reading its secrets, checking the bootstrap admin, validating the token against storage); the bare worker: `GET /hello`. Timed from the worker process's start (the double's `TimeToReady`, start to every function loaded, plus the time from there to the first 200); the double itself is up before, as a host is.");
        }
        if (results.Revocation is { } revocation)
        {
            RevocationSection(text, revocation);
        }

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

    /// <summary>The flood cases, each against the same decisions unloaded on the same handler; nothing when none ran.</summary>
    private static void FloodTable(StringBuilder text, IReadOnlyDictionary<string, Summary> figures)
    {
        var rows = Floods.Where(flood => figures.ContainsKey(flood.Case)).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine("### Cached token decisions during a flood of wrong passwords, against the same decisions unloaded").AppendLine();
        text.AppendLine("| case | req/s | p50 ms | p99 ms | × unloaded req/s | × unloaded p99 | timeouts (5 s) |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, load, reference) in rows)
        {
            var (figure, unloaded, flood) = (figures[name], figures[reference], figures[load]);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {figure.RequestsPerSecond:N0} | {figure.P50Ms:N2} | {figure.P99Ms:N2} | {figure.RequestsPerSecond / unloaded.RequestsPerSecond:N3} | {figure.P99Ms / unloaded.P99Ms:N2} | |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {load} | {flood.RequestsPerSecond:N0} | {flood.P50Ms:N2} | {flood.P99Ms:N2} | | | {flood.SocketErrors:N0} |");
        }

        text.AppendLine().AppendLine("The token load (16 connections) runs while a second wrk sends wrong Basic passwords on 32 connections, each as soon as the last was answered, starting a second before the measured run and ending a second after it. Unloaded = the token row of the same handler, measured in the same rounds. No login of either flood exists (an unknown login costs the same hash as a wrong password). 16 logins: after 3 failures each, a login is banned and answered 429 from memory. A new login each: no login is seen twice, no ban trips, and only the hashing gate (`HashingConcurrency` hashing, `HashingQueueLength` waiting, the rest 429 at once) bounds the work. Hashing runs at nice 10 as shipped (`HashingNice`); the normal-priority handler is the same at nice 0.");
    }

    private static readonly (string Case, string Load, string Reference)[] Floods =
    [
        (Cases.FloodTargeted, Cases.FloodTargetedLoad, Cases.Token),
        (Cases.FloodSpray, Cases.FloodSprayLoad, Cases.Token),
        (Cases.FloodSprayNormalPriority, Cases.FloodSprayNormalPriorityLoad, Cases.TokenNormalPriority),
    ];

    private static void ThroughputTable(StringBuilder text, IReadOnlyDictionary<string, Summary> figures, double reference, IReadOnlyList<string> cases)
    {
        text.AppendLine("| case | req/s | p50 ms | p99 ms | × reference |").AppendLine("|---|---|---|---|---|");
        foreach (var name in cases.Where(figures.ContainsKey))
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

        if (figures.ContainsKey(Cases.NginxAuthorized))
        {
            var nginx = figures[Cases.NginxAuthorized].RequestsPerSecond / figures[Cases.NginxDirect].RequestsPerSecond;
            yield return ("through nginx ≥ 0.5 × nginx direct", Format(nginx), nginx >= 0.5);
        }

        foreach (var (name, _, reference) in Floods.Where(flood => figures.ContainsKey(flood.Case)))
        {
            var (flooded, unloaded) = (figures[name], figures[reference]);
            var label = name["authorize: token, cached, ".Length..];
            yield return ($"{label}: cached token p99 ≤ 3 × unloaded", Format(flooded.P99Ms / unloaded.P99Ms), flooded.P99Ms <= 3 * unloaded.P99Ms);
            yield return ($"{label}: cached token req/s ≥ 0.5 × unloaded", Format(flooded.RequestsPerSecond / unloaded.RequestsPerSecond), flooded.RequestsPerSecond >= 0.5 * unloaded.RequestsPerSecond);
        }

        if (figures.ContainsKey(Cases.Token32))
        {
            var standalone = token;
            yield return ("standalone: cached token ≥ 0.9 × bare minimal API, 16 connections", Format(standalone), standalone >= 0.9);
            var standalone32 = figures[Cases.Token32].RequestsPerSecond / figures[Cases.Baseline32].RequestsPerSecond;
            yield return ("standalone: cached token ≥ 0.9 × bare minimal API, 32 connections", Format(standalone32), standalone32 >= 0.9);
        }

        if (figures.ContainsKey(Cases.WorkerToken))
        {
            var worker = figures[Cases.WorkerToken].RequestsPerSecond / figures[Cases.WorkerBare].RequestsPerSecond;
            yield return ("worker under the host double: cached token ≥ 0.8 × bare worker", Format(worker), worker >= 0.8);
        }

        foreach (var cold in results.ColdStarts.Where(cold => cold.Failure is null && !cold.UnderHostDouble))
        {
            yield return ($"cold start ≤ 1.5 × baseline, {cold.Mode.Label()}", Format(cold.Ratio), cold.Ratio <= 1.5);
        }

        foreach (var cold in results.ColdStarts.Where(cold => cold.Failure is null && cold.UnderHostDouble))
        {
            yield return ($"cold start under the host double ≤ 1.3 × bare worker, {cold.Mode.Label()}", Format(cold.Ratio), cold.Ratio <= 1.3);
        }

        if (figures.ContainsKey(Cases.MissLarge) && results.StorageLarge is not null)
        {
            var scale = figures[Cases.MissLarge].P99Ms / figures[Cases.MissSmall].P99Ms;
            yield return ($"cache-miss p99, {results.Options.Bindings:N0} ≤ 1.5 × 1,000 bindings", Format(scale), scale <= 1.5);
        }

        foreach (var change in results.Revocation?.Changes ?? [])
        {
            var worst = change.TimedOut > 0 ? double.PositiveInfinity : change.Max;
            yield return ($"refused by every instance within 2 s: {change.Change}", string.Create(CultureInfo.InvariantCulture, $"max {change.Max:N0} ms"), worst <= RevocationPropagation.GoalMs);
        }

        foreach (var (process, peak) in results.Memory.Where(m => m.Process.StartsWith("handler", StringComparison.Ordinal) || m.Process.StartsWith("worker", StringComparison.Ordinal)))
        {
            yield return ($"peak working set ≤ {MemoryTargetMB:N0} MB, {process}", string.Create(CultureInfo.InvariantCulture, $"{peak:N0} MB"), peak <= MemoryTargetMB);
        }
    }

    private static void RevocationSection(StringBuilder text, RevocationResults revocation)
    {
        text.AppendLine().AppendLine("### Revocation on every instance: a change made elsewhere, until a second instance refuses it").AppendLine();
        text.AppendLine("| change | trials | median | p95 | max | beyond 10 s |").AppendLine("|---|---|---|---|---|---|");
        foreach (var change in revocation.Changes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {change.Change} | {change.Ms.Count + change.TimedOut} | {change.Median:N0} ms | {change.P95:N0} ms | {change.Max:N0} ms | {change.TimedOut} |");
        }

        text.AppendLine().AppendLine("Two standalone instances on one Azurite, caches as shipped (`TokenTtl` 30 s, `CredentialTtl` 60 s, `FeedInterval` 1 s). Instance B accepts the credential first, so it is cached there; the change is made at a random moment of the feed's cycle, through instance A (the revocation) or by the library in the bench process, a third instance (the password change, the disable); B is then asked every 10 ms, and the time is from the change's answer to B's first 401. The password trials include B hashing the old password once its cached check is dropped (PBKDF2, 600,000 iterations).");
        text.AppendLine().AppendLine(string.Join("; ", revocation.IdleCost.Select(cost => string.Create(CultureInfo.InvariantCulture, $"{cost.Bindings:N0} bindings stored: {cost.RequestsPerSecond:N2} storage requests/s"))) + " — instance B idle for 20 s, its `gatehouse.storage.calls` read off its Prometheus endpoint: the feed's reads, which do not grow with the number of tokens.");
    }

    private static string Range(IReadOnlyList<double> runs) =>
        runs.Count == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{runs.Min():N0}–{runs.Max():N0}");

    private static string Format(double ratio) => ratio.ToString("N2", CultureInfo.InvariantCulture) + "×";
}
