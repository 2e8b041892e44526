using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gatehouse.Testing;

namespace Gatehouse.Bench;

/// <summary>
/// A published app (the handler or the baseline) started the way the Functions host starts a custom
/// handler: working directory = the app folder, port in <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>.
/// </summary>
internal sealed class ServedApp : IAsyncDisposable
{
    private const int OutputLinesKept = 50;

    private static readonly HttpClient Probe = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    private readonly Process _process;
    private readonly Stopwatch _sinceStart;
    private readonly ConcurrentQueue<string> _lastOutput = new();

    private ServedApp(Process process, Stopwatch sinceStart, int port)
    {
        _process = process;
        _sinceStart = sinceStart;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts <paramref name="executable"/> from <paramref name="directory"/> on a free port.</summary>
    public static ServedApp Start(string directory, string executable, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Path.Combine(directory, executable))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var sinceStart = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var app = new ServedApp(process, sinceStart, port);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>
    /// Polls <paramref name="path"/> every 5 ms until it answers <paramref name="expected"/>; returns the time from
    /// process start to that answer (the cold start when called right after <see cref="Start"/>).
    /// </summary>
    public async Task<TimeSpan> WaitForAsync(string path, HttpStatusCode expected, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        var deadline = TimeSpan.FromSeconds(60);
        while (_sinceStart.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with code {_process.ExitCode}:\n{Output}");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, path));
            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await Probe.SendAsync(request);
                if (response.StatusCode == expected)
                {
                    return _sinceStart.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, but still too busy starting (several processes start at once on two cores).
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"{BaseAddress}{path} did not answer {(int)expected} within {deadline.TotalSeconds} s:\n{Output}");
    }

    /// <summary>The process's peak resident set (VmHWM) so far, in MB (10⁶ bytes).</summary>
    public double PeakWorkingSetMB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kib = long.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        return kib * 1024 / 1e6;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private string Output => string.Join('\n', _lastOutput);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lastOutput.Enqueue(line);
        while (_lastOutput.Count > OutputLinesKept && _lastOutput.TryDequeue(out _))
        {
        }
    }
}
