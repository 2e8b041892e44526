using System.Collections.Concurrent;
using System.Diagnostics;

namespace Gatehouse.Testing;

/// <summary>
/// A project of this repository published once per test run (<c>dotnet publish -c Release</c>), or a folder
/// a script already published and named in an environment variable, so tests never run a stale build and
/// never publish twice.
/// </summary>
public static class PublishedProject
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Published = new(StringComparer.Ordinal);

    /// <param name="project">The project folder, relative to the repository root (e.g. <c>bench/BareWorker</c>).</param>
    /// <param name="outputName">The folder under <c>artifacts/</c> to publish into.</param>
    /// <param name="givenDirectoryVariable">An environment variable naming an already published folder, used as is when set.</param>
    /// <returns>The published folder.</returns>
    public static Task<string> GetDirectoryAsync(string project, string outputName, string? givenDirectoryVariable = null) =>
        Published.GetOrAdd(project, _ => new Lazy<Task<string>>(() => LocateOrPublishAsync(project, outputName, givenDirectoryVariable))).Value;

    private static async Task<string> LocateOrPublishAsync(string project, string outputName, string? givenDirectoryVariable)
    {
        var given = givenDirectoryVariable is null ? null : Environment.GetEnvironmentVariable(givenDirectoryVariable);
        if (!string.IsNullOrEmpty(given))
        {
            return Directory.Exists(given)
                ? given
                : throw new InvalidOperationException($"{givenDirectoryVariable}={given} does not exist.");
        }

        var output = System.IO.Path.Combine(RepositoryRoot.Path, "artifacts", outputName);
        var publish = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet"])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(publish)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dotnet publish {project} did not finish within {PublishTimeout.TotalMinutes} minutes.");
        }

        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"dotnet publish {project} failed:\n{await stdout}\n{await stderr}");
    }
}
