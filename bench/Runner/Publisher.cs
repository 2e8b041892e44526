using System.Diagnostics;
using Gatehouse.Testing;

namespace Gatehouse.Bench;

/// <summary>
/// The handler and the baseline published in one mode, or why that mode could not be published. The handler's folder
/// is also a complete function app (the worker under the host double); <see cref="BareWorker"/> is the bare worker's,
/// null when not asked for or in Native AOT (the worker has no AOT build).
/// </summary>
internal sealed record PublishedPair(PublishMode Mode, string Handler, string Baseline, string? BareWorker, string? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>Release publishes into <c>artifacts/bench/&lt;mode&gt;</c>, with private intermediate folders so a
/// runtime-specific restore never disturbs the repository's own <c>obj/</c> (or a test run beside it).</summary>
internal static class Publisher
{
    public static async Task<PublishedPair> PublishAsync(PublishMode mode, string outputRoot, bool bareWorker)
    {
        var folder = Path.Combine(outputRoot, mode.ToString());
        var handler = Path.Combine(folder, "gatehouse");
        var baseline = Path.Combine(folder, "baseline");
        var worker = bareWorker && mode != PublishMode.NativeAot ? Path.Combine(folder, "bareworker") : null;
        var failure = await PublishAsync("functions/Gatehouse.Functions.csproj", handler, mode, Path.Combine(folder, "build-gatehouse"))
            ?? await PublishAsync("bench/Baseline/Baseline.csproj", baseline, mode, Path.Combine(folder, "build-baseline"))
            ?? (worker is null ? null : await PublishAsync("bench/BareWorker/BareWorker.csproj", worker, mode, Path.Combine(folder, "build-bareworker")));
        return new PublishedPair(mode, handler, baseline, worker, failure);
    }

    /// <summary>Publishes one project; null on success, else the build's error lines.</summary>
    private static async Task<string?> PublishAsync(string project, string output, PublishMode mode, string artifacts)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["publish", project, "-c", "Release", "-o", output, "--artifacts-path", artifacts, "--nologo", "-v", "quiet", .. mode.PublishArguments()])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode == 0)
        {
            return null;
        }

        var errors = (await stdout + "\n" + await stderr)
            .Split('\n')
            .Where(line => line.Contains("error", StringComparison.OrdinalIgnoreCase))
            .Select(line => line.Trim())
            .Distinct()
            .Take(5);
        return $"{project} ({mode.Label()}): " + string.Join(" | ", errors);
    }
}
