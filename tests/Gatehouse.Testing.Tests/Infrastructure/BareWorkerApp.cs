namespace Gatehouse.Testing.Tests.Infrastructure;

/// <summary>
/// bench/BareWorker, published once per test run (or the folder <c>BAREWORKER_APP_DIR</c> names), and
/// throwaway copies of it for tests that need a different host.json, a broken file or another worker.
/// </summary>
internal static class BareWorkerApp
{
    public static Task<string> GetDirectoryAsync() =>
        PublishedProject.GetDirectoryAsync("bench/BareWorker", "bareworker", "BAREWORKER_APP_DIR");

    /// <summary>A copy of the published app in a temporary folder, changed by <paramref name="change"/>; deleted on dispose.</summary>
    public static async Task<AppCopy> CopyAsync(Action<string> change)
    {
        var source = await GetDirectoryAsync();
        var copy = Directory.CreateTempSubdirectory("bareworker-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        change(copy);
        return new AppCopy(copy);
    }

    public static FunctionsHostOptions Options(string appDirectory) => new()
    {
        AppDirectory = appDirectory,
        StartTimeout = TimeSpan.FromSeconds(60),
    };
}

/// <summary>A temporary app folder, deleted on dispose.</summary>
internal sealed class AppCopy(string directory) : IDisposable
{
    public string Directory { get; } = directory;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker still shutting down may hold a file; the temp folder is cleaned by the OS in the end.
        }
    }
}
