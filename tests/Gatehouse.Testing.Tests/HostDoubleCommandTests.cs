using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary><c>dotnet run --project tools/hostdouble</c>: a published app served locally, like <c>func start</c>.</summary>
public sealed class HostDoubleCommandTests
{
    private static readonly string Command = Path.Combine(AppContext.BaseDirectory, "hostdouble.dll");

    [Fact]
    public async Task It_lists_the_functions_with_their_urls_serves_them_and_stops_the_worker_cleanly_on_SIGTERM()
    {
        var port = FreePort.Next();
        using var command = await CommandRun.StartAsync("--script-root", await BareWorkerApp.GetDirectoryAsync(), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await command.WaitForAsync("Press Ctrl+C to stop.");

        using var client = new HttpClient();
        var hello = await client.GetStringAsync($"http://127.0.0.1:{port}/hello");
        using var secret = await client.GetAsync($"http://127.0.0.1:{port}/secret/no-key");
        var exitCode = await command.TerminateAsync();

        Assert.Equal("Hello from the bare worker", hello);
        Assert.Equal(HttpStatusCode.OK, secret.StatusCode);
        Assert.Contains($"hello: [GET] http://localhost:{port}/hello", command.Output, StringComparison.Ordinal);
        Assert.Contains($"secret: [GET,POST] http://localhost:{port}/secret/{{*rest}}", command.Output, StringComparison.Ordinal);
        Assert.Contains("housekeeping: timerTrigger", command.Output, StringComparison.Ordinal);
        Assert.Contains("Hosting environment: Development", command.Output, StringComparison.Ordinal);
        Assert.Contains("The worker exited with code 0", command.Output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task With_enable_auth_keys_are_enforced_and_printed()
    {
        var port = FreePort.Next();
        using var command = await CommandRun.StartAsync("--script-root", await BareWorkerApp.GetDirectoryAsync(), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--enable-auth");
        await command.WaitForAsync("Press Ctrl+C to stop.");

        using var client = new HttpClient();
        using var refused = await client.GetAsync($"http://127.0.0.1:{port}/secret/no-key");
        await command.TerminateAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("\tmaster: ", command.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_port_is_reported_at_once_naming_the_option_that_changes_it()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var app = await BareWorkerApp.GetDirectoryAsync();
        var watch = Stopwatch.StartNew();

        using var command = await CommandRun.StartAsync("--script-root", app, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var exitCode = await command.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains($"Port {port} is unavailable", command.Output, StringComparison.Ordinal);
        Assert.Contains("--port", command.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RpcLog", command.Output, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Invalid_local_settings_json_is_named_with_its_position_and_fails()
    {
        var settings = Path.Combine(Directory.CreateTempSubdirectory("settings-").FullName, "local.settings.json");
        await File.WriteAllTextAsync(settings, "{\n  \"IsEncrypted\": false,\n  \"Values\": { \"A\": \"1\" \n}");

        using var command = await CommandRun.StartAsync("--script-root", await BareWorkerApp.GetDirectoryAsync(), "--settings", settings);
        var exitCode = await command.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains($"{settings}: invalid JSON at line 4", command.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_settings_values_become_app_settings_and_its_host_port_the_default()
    {
        var port = FreePort.Next();
        var settings = Path.Combine(Directory.CreateTempSubdirectory("settings-").FullName, "local.settings.json");
        await File.WriteAllTextAsync(settings, $$"""{ "Values": { "BAREWORKER_MARKER": "from-settings", "A_NUMBER": 5 }, "Host": { "LocalHttpPort": {{port}} } }""");

        using var command = await CommandRun.StartAsync("--script-root", await BareWorkerApp.GetDirectoryAsync(), "--settings", settings);
        await command.WaitForAsync("Press Ctrl+C to stop.");
        using var client = new HttpClient();
        var hello = await client.GetStringAsync($"http://127.0.0.1:{port}/hello");
        await command.TerminateAsync();

        Assert.Equal("Hello from the bare worker", hello);
    }

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--bogus")]
    public async Task Bad_options_fail_with_the_usage(params string[] args)
    {
        using var command = await CommandRun.StartAsync(["--script-root", ".", .. args]);

        Assert.Equal(2, await command.WaitForExitAsync());
        Assert.Contains("Usage: dotnet run --project tools/hostdouble", command.Output, StringComparison.Ordinal);
    }

    /// <summary>One run of the command, its output collected, killed on dispose if still running.</summary>
    private sealed class CommandRun : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private CommandRun(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static Task<CommandRun> StartAsync(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Command);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            var run = new CommandRun(new Process { StartInfo = start });
            run._process.OutputDataReceived += (_, e) => run.Append(e.Data);
            run._process.ErrorDataReceived += (_, e) => run.Append(e.Data);
            run._process.Start();
            run._process.BeginOutputReadLine();
            run._process.BeginErrorReadLine();
            return Task.FromResult(run);
        }

        public async Task WaitForAsync(string text)
        {
            var deadline = Stopwatch.StartNew();
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"The command did not print '{text}'. Output:\n{Output}");
                }

                await Task.Delay(50);
            }
        }

        /// <summary>SIGTERM, as a service manager or Ctrl+C's sibling sends, then the exit code.</summary>
        public async Task<int> TerminateAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            return await WaitForExitAsync();
        }

        public async Task<int> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
