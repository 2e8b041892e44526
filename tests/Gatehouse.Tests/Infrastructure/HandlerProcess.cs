using System.Collections.Concurrent;
using System.Diagnostics;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// The published handler started the way the Azure Functions host starts a custom handler
/// (SPEC §1.1): working directory = the app root, the port in <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>,
/// readiness = any answer to <c>GET /</c> polled every 25 ms, 30 s at most. A decoy
/// <c>ASPNETCORE_URLS</c> is inherited to prove it does not win.
/// </summary>
public sealed class HandlerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HandlerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    /// <summary>A client addressed to the handler, as the host's proxy would be.</summary>
    public HttpClient Client { get; }

    /// <summary>Everything the handler wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>How long the handler took from process start to its first answer on <c>GET /</c>.</summary>
    public TimeSpan TimeToReady { get; private set; }

    public static async Task<HandlerProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var appDirectory = await PublishedApp.GetDirectoryAsync();
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Path.Combine(appDirectory, "gatehouse"))
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The handler did not start.");
        var handler = new HandlerProcess(process, port);
        process.OutputDataReceived += (_, e) => handler.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => handler.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await handler.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
            handler.TimeToReady = stopwatch.Elapsed;
            return handler;
        }
        catch
        {
            await handler.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var probe = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // WaitForExitAsync also waits for the redirected output to reach its end: the reason is in it.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"The handler exited with code {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync("/");
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"The handler did not answer GET / within {limit.TotalSeconds} s:\n{Output}");
    }
}
