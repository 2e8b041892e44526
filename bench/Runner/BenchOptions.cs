using System.Globalization;

namespace Gatehouse.Bench;

/// <summary>Command-line options; the defaults are what bench/RESULTS.md records.</summary>
internal sealed record BenchOptions(int Rounds, TimeSpan Duration, int Bindings, int ColdStartRuns, IReadOnlyList<PublishMode> Modes, int Trials = 20)
{
    /// <summary>
    /// With <c>--cases</c>: the throughput cases whose name contains one of these (case-insensitive), plus the
    /// references they are compared with; no seeding of the large set, no storage ceiling, and cold start only for
    /// the groups (<see cref="Gatehouse.Bench.Cases.ColdStartStandalone"/>, <see cref="Gatehouse.Bench.Cases.ColdStartWorker"/>) whose name matches. Null: all.
    /// </summary>
    public IReadOnlyList<string>? Cases { get; init; }

    public bool Runs(string caseName) =>
        Cases is null
        || Gatehouse.Bench.Cases.References.Contains(caseName)
        || Selects(caseName)
        || Gatehouse.Bench.Cases.ReferenceOf.Any(pair => pair.Value == caseName && Selects(pair.Key));

    /// <summary>
    /// With <c>--cases</c>, a group of measurements that are not throughput (cold start, revocation) runs only when
    /// selected by name (e.g. <c>cold start</c>, <c>worker</c>, <c>revocation</c>).
    /// </summary>
    public bool RunsGroup(string group) => Cases is null || Selects(group);

    private bool Selects(string caseName) => Cases?.Any(part => caseName.Contains(part, StringComparison.OrdinalIgnoreCase)) ?? true;

    public const string Usage = """
        gatehouse-bench [--quick] [--rounds N] [--duration SECONDS] [--bindings N] [--cold-starts N] [--modes fd,r2r,aot] [--trials N] [--cases TEXT,...]
          --quick        a smoke run: 3 rounds of 2 s, 10,000 bindings, 3 cold starts per app
          --rounds       runs per case, alternating cases; figures are medians (default 3)
          --duration     seconds per wrk run (default 5)
          --bindings     bindings seeded for the scale figure (default 100000; the small set is 1000)
          --cold-starts  cold starts per app and publish mode (default 5)
          --modes        publish modes for cold start (default fd,r2r,aot)
          --trials       trials per kind of change in the revocation case (default 20)
          --cases        only the throughput cases whose name contains one of these (e.g. flood,basic,worker), with
                         the references they are compared with; skips the large set and the storage ceiling, and
                         cold start and revocation but for the groups named (e.g. "cold start", "cold start: worker",
                         "revocation")
        """;

    public const int SmallBindings = 1_000;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(3, TimeSpan.FromSeconds(5), 100_000, 5, [PublishMode.FrameworkDependent, PublishMode.ReadyToRun, PublishMode.NativeAot]);
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int Count() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{args[i]} needs a positive whole number.\n{Usage}");
            options = args[i] switch
            {
                "--quick" => options with { Rounds = 3, Duration = TimeSpan.FromSeconds(2), Bindings = 10_000, ColdStartRuns = 3 },
                "--rounds" => options with { Rounds = Count() },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Count()) },
                "--bindings" => options with { Bindings = Count() },
                "--cold-starts" => options with { ColdStartRuns = Count() },
                "--trials" => options with { Trials = Count() },
                "--modes" => options with { Modes = Next().Split(',').Select(ParseMode).ToList() },
                "--cases" => options with { Cases = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        return options;
    }

    private static PublishMode ParseMode(string name) => name switch
    {
        "fd" => PublishMode.FrameworkDependent,
        "r2r" => PublishMode.ReadyToRun,
        "aot" => PublishMode.NativeAot,
        _ => throw new ArgumentException($"Unknown publish mode '{name}'.\n{Usage}"),
    };
}
