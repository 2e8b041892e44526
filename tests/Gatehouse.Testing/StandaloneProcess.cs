using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Gatehouse.Testing;

/// <summary>
/// A published app started on its own, without a Functions host (Gatehouse's standalone mode, or the bench's
/// bare baseline): working directory = the app folder, listening where <c>--urls</c> says, on a free port of
/// 127.0.0.1. Tests and the bench share it, so both start an app the one same way.
/// </summary>
public sealed class StandaloneProcess : IServedApp
{
    private static readonly HttpClient Probe = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    private readonly Process _process;
    private readonly Stopwatch _sinceStart;
    private readonly ConcurrentQueue<string> _output = new();

    private StandaloneProcess(Process process, Stopwatch sinceStart, int port)
    {
        _process = process;
        _sinceStart = sinceStart;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client addressed to the app.</summary>
    public HttpClient Client { get; }

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>How long the app took from process start to its first answer to the readiness probe.</summary>
    public TimeSpan TimeToReady { get; private set; }

    /// <summary>Standalone, no host checks function keys: bind it where only the gateway reaches it.</summary>
    public string? FunctionKey => null;

    /// <summary>
    /// Starts <paramref name="executable"/> (a file of <paramref name="directory"/>) without waiting for it. With
    /// <paramref name="httpsPort"/> it also listens with TLS there, its certificate from <c>Kestrel:Certificates:Default</c>
    /// in <paramref name="environment"/>; <see cref="Client"/> stays on plain HTTP.
    /// </summary>
    public static StandaloneProcess Start(string directory, string executable, IReadOnlyDictionary<string, string> environment, int? httpsPort = null)
    {
        var port = FreePort.Next();
        var urls = httpsPort is { } tls ? $"http://127.0.0.1:{port};https://127.0.0.1:{tls}" : $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(Path.Combine(directory, executable), ["--urls", urls])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var sinceStart = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var app = new StandaloneProcess(process, sinceStart, port);
        process.OutputDataReceived += (_, e) => app.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => app.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Starts the app and waits until <c>GET /</c> answers anything (30 s at most); disposes it if it never does.</summary>
    public static async Task<StandaloneProcess> StartAsync(string directory, string executable, IReadOnlyDictionary<string, string> environment, int? httpsPort = null)
    {
        var app = Start(directory, executable, environment, httpsPort);
        try
        {
            app.TimeToReady = await app.WaitForAsync("/", expected: null, limit: TimeSpan.FromSeconds(30));
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Polls <paramref name="path"/> every 5 ms until it answers <paramref name="expected"/> (any status when null);
    /// returns the time from process start to that answer: the cold start when called right after <see cref="Start"/>.
    /// </summary>
    public async Task<TimeSpan> WaitForAsync(string path, HttpStatusCode? expected, IReadOnlyList<KeyValuePair<string, string>>? headers = null, TimeSpan? limit = null)
    {
        var deadline = limit ?? TimeSpan.FromSeconds(60);
        while (_sinceStart.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                // WaitForExitAsync also waits for the redirected output to reach its end: the reason is in it.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"{Path.GetFileName(_process.StartInfo.FileName)} exited with code {_process.ExitCode} before it was ready:\n{Output}");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, path));
            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await Probe.SendAsync(request);
                if (expected is null || response.StatusCode == expected)
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
                // Listening, not answering yet.
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"{BaseAddress}{path.TrimStart('/')} did not answer {(expected is null ? "at all" : ((int)expected).ToString(CultureInfo.InvariantCulture))} within {deadline.TotalSeconds} s:\n{Output}");
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
}
