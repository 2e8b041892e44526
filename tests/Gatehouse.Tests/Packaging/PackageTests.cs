using Gatehouse.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Gatehouse.Tests.Packaging;

/// <summary>
/// The deployable zip from <c>scripts/package.sh</c> (docs/deploy.md): an isolated-worker function app with
/// host.json and the SDK's metadata at its root, whose executable also starts standalone from the unpacked zip.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    [Fact]
    public void Zip_has_host_json_the_worker_and_its_generated_metadata_at_its_root()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var names = zip.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("host.json", names);
        Assert.Contains("functions.metadata", names);
        Assert.Contains("worker.config.json", names);
        Assert.Contains(PackageFixture.Executable + ".dll", names);
        Assert.Contains(PackageFixture.Executable, names);
        Assert.DoesNotContain(names, name => name.EndsWith("/function.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Handler_keeps_its_executable_bit_in_the_zip_and_when_unpacked()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var entry = zip.GetEntry(PackageFixture.Executable);
        Assert.NotNull(entry);

        // The high 16 bits of a Unix-made entry's external attributes are its st_mode.
        var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"mode in zip: {Convert.ToString((int)mode, 8)}");
        Assert.True(File.GetUnixFileMode(Path.Combine(package.AppRoot, PackageFixture.Executable)).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void Zip_carries_no_local_settings_or_build_leftovers()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var names = zip.Entries.Select(entry => entry.FullName).ToList();

        // local.settings.json holds local secrets; the host would never read it in Azure anyway.
        Assert.DoesNotContain(names, name => Path.GetFileName(name) == "local.settings.json");
        Assert.DoesNotContain(names, name => name.StartsWith("obj/", StringComparison.Ordinal) || name.StartsWith("bin/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_executable_started_standalone_from_the_unpacked_zip_answers_readiness()
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Path.Combine(package.AppRoot, PackageFixture.Executable), ["--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = package.AppRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Storage nobody listens on: readiness must not wait for it, and nothing is written anywhere.
        start.Environment["Gatehouse__Storage__ConnectionString"] = AzuriteProcess.UnreachableConnectionString();
        start.Environment["Gatehouse__Bootstrap__UserName"] = "admin";
        start.Environment["Gatehouse__Bootstrap__Password"] = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        start.Environment["Gatehouse__Secrets__token-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var output = new ConcurrentQueue<string>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the handler did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var status = await ProbeUntilAnsweredAsync(process, port, TimeSpan.FromSeconds(30));

            Assert.True(status is not null, $"no answer to GET / within 30 s (exited: {process.HasExited}):\n{string.Join('\n', output)}");
            Assert.False(process.HasExited, $"the handler exited after answering:\n{string.Join('\n', output)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(exit.Token);
        }
    }

    /// <summary>Polls <c>GET /</c> every 25 ms; any HTTP answer counts.</summary>
    private static async Task<HttpStatusCode?> ProbeUntilAnsweredAsync(Process process, int port, TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(1) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit && !process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("/");
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(25);
        }

        return null;
    }

}

/// <summary>
/// Finds the package, or builds it with <c>scripts/package.sh</c>, and unpacks it once per test
/// class. <c>GATEHOUSE_PACKAGE_ZIP</c> names a zip to test; otherwise
/// <c>artifacts/gatehouse-functionapp.zip</c> is used when it is newer than every source file,
/// and a fresh one is built into a temporary folder when it is not.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public const string Executable = "gatehouse";

    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(10);
    private readonly string _scratch = Directory.CreateTempSubdirectory("gatehouse-package-").FullName;

    public string ZipPath { get; private set; } = string.Empty;

    /// <summary>The unpacked function app: what the host's working directory would be.</summary>
    public string AppRoot => Path.Combine(_scratch, "app");

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Path;
        ZipPath = Environment.GetEnvironmentVariable("GATEHOUSE_PACKAGE_ZIP") is { Length: > 0 } given
            ? File.Exists(given) ? given : throw new InvalidOperationException($"GATEHOUSE_PACKAGE_ZIP={given} does not exist")
            : FreshArtifact(root) ?? await BuildAsync(root, Path.Combine(_scratch, "gatehouse-functionapp.zip"));

        // .NET restores each entry's Unix permissions, as the host's unpacking does.
        ZipFile.ExtractToDirectory(ZipPath, AppRoot);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_scratch, recursive: true);
        return Task.CompletedTask;
    }

    private static string? FreshArtifact(string root)
    {
        var artifact = new FileInfo(Path.Combine(root, "artifacts", "gatehouse-functionapp.zip"));
        if (!artifact.Exists)
        {
            return null;
        }

        var sources = new[] { "functions", "shared" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            .Where(path => !path.Contains("/bin/", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal))
            .Append(Path.Combine(root, "host.json"))
            .Where(File.Exists);
        return sources.All(path => File.GetLastWriteTimeUtc(path) < artifact.LastWriteTimeUtc) ? artifact.FullName : null;
    }

    private static async Task<string> BuildAsync(string root, string zip)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "package.sh"), zip])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The test host's MSBuild variables would steer the script's own dotnet publish.
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(BuildLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/package.sh did not finish within {BuildLimit.TotalMinutes} minutes");
        }

        return process.ExitCode == 0 && File.Exists(zip)
            ? zip
            : throw new InvalidOperationException($"scripts/package.sh failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

}
