using System.Diagnostics;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// The published function-app folder end-to-end tests run. <c>scripts/test.sh</c> publishes it and
/// passes <c>GATEHOUSE_APP_DIR</c>; a bare <c>dotnet test</c> publishes it here once, so the tests
/// never run a stale build.
/// </summary>
internal static class PublishedApp
{
    private static readonly Lazy<Task<string>> Directory = new(LocateOrPublishAsync);

    public static Task<string> GetDirectoryAsync() => Directory.Value;

    private static async Task<string> LocateOrPublishAsync()
    {
        var given = Environment.GetEnvironmentVariable("GATEHOUSE_APP_DIR");
        if (!string.IsNullOrEmpty(given))
        {
            return File.Exists(Path.Combine(given, "gatehouse"))
                ? given
                : throw new InvalidOperationException($"GATEHOUSE_APP_DIR={given} holds no 'gatehouse' executable.");
        }

        var output = Path.Combine(RepositoryRoot.Path, "artifacts", "test-app");
        var publish = new ProcessStartInfo("dotnet", ["publish", "functions", "-c", "Release", "-o", output, "--nologo", "-v", "quiet"])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(publish)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"dotnet publish failed:\n{await stdout}\n{await stderr}");
    }
}
