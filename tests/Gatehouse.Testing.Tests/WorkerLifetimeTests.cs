using System.Diagnostics;
using System.Net;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary>Start-up fails fast and says why; stopping terminates the worker; a dead worker is reported, never waited for.</summary>
public sealed class WorkerLifetimeTests
{
    [Fact]
    public async Task WorkerTerminate_makes_the_worker_exit_0_within_the_grace_period()
    {
        var host = await FunctionsHostDouble.StartAsync(BareWorkerApp.Options(await BareWorkerApp.GetDirectoryAsync()));
        var pid = host.WorkerProcessId;
        // Loaded is not yet listening: the worker binds its Kestrel after its functions load, and a worker told to
        // stop while it binds crashes (134) under the real host too. A first answered call means it is up.
        (await host.Client.GetAsync("hello")).EnsureSuccessStatusCode();

        var exit = await host.StopAsync();

        Assert.True(exit == new WorkerExit(0, exit.TimeToExit, Killed: false), $"{exit}\n{host.Output}");
        Assert.InRange(exit.TimeToExit, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.Equal(["host→worker WorkerTerminate", "worker→host None"], host.ControlMessages.TakeLast(2).Select(m => m.ToString()));
        Assert.False(Directory.Exists($"/proc/{pid}"), "the worker process is gone");
        Assert.Equal(exit, await host.StopAsync());
    }

    [Fact]
    public async Task A_worker_that_crashes_at_start_fails_start_up_at_once_with_its_output()
    {
        // The worker cannot even start its runtime: the dotnet host prints why on stderr and exits.
        using var app = await BareWorkerApp.CopyAsync(dir =>
        {
            var config = Path.Combine(dir, "BareWorker.runtimeconfig.json");
            File.WriteAllText(config, File.ReadAllText(config).Replace("\"10.0.0\"", "\"99.0.0\"", StringComparison.Ordinal));
        });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FunctionsHostDouble.StartAsync(BareWorkerApp.Options(app.Directory)));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.Contains("The worker exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("while the host waited for StartStream", error.Message, StringComparison.Ordinal);
        Assert.Contains("[stderr]", error.Message, StringComparison.Ordinal);
        Assert.Contains("99.0.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_that_never_connects_fails_start_up_after_the_start_timeout_and_is_killed()
    {
        var marker = "never-connects-" + Guid.NewGuid().ToString("N");
        using var app = await BareWorkerApp.CopyAsync(dir => File.WriteAllText(
            Path.Combine(dir, "worker.config.json"),
            $$"""{ "description": { "language": "dotnet-isolated", "defaultExecutablePath": "/bin/sh", "arguments": ["-c", "sleep 60 # {{marker}}", "sh"], "workerIndexing": "true" } }"""));
        var options = BareWorkerApp.Options(app.Directory);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            FunctionsHostDouble.StartAsync(new FunctionsHostOptions { AppDirectory = options.AppDirectory, StartTimeout = TimeSpan.FromSeconds(2) }));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
        Assert.Contains("The worker sent no StartStream within 2 s of starting.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Process.GetProcesses(), p => ReadCommandLine(p.Id).Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_app_without_worker_config_json_is_refused_before_anything_starts()
    {
        using var app = await BareWorkerApp.CopyAsync(dir => File.Delete(Path.Combine(dir, "worker.config.json")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FunctionsHostDouble.StartAsync(BareWorkerApp.Options(app.Directory)));

        Assert.Contains("has no worker.config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_worker_dies_calls_get_503_naming_its_exit_at_once()
    {
        await using var host = await FunctionsHostDouble.StartAsync(BareWorkerApp.Options(await BareWorkerApp.GetDirectoryAsync()));
        using (var worker = Process.GetProcessById(host.WorkerProcessId))
        {
            worker.Kill();
            await worker.WaitForExitAsync();
        }

        var watch = Stopwatch.StartNew();
        using var response = await host.Client.GetAsync("hello");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("The Functions worker exited with code 137; the host double is not restarting it.", await response.Content.ReadAsStringAsync());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(137, (await host.StopAsync()).ExitCode);
    }

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
