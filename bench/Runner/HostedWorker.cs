using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gatehouse.Testing.FunctionsHost;

namespace Gatehouse.Bench;

/// <summary>
/// A published function app run as its isolated worker under the Functions host double, as the end-to-end tests run
/// it (keys enforced, Production): the Gatehouse worker, or the bare worker it is compared with. The double runs in
/// this process, so its proxying costs both sides the same; the worker is a process of its own, found by its port.
/// </summary>
internal sealed class HostedWorker : IAsyncDisposable
{
    /// <summary>A new connection per probe, as a first caller after a scale-out has.</summary>
    private static readonly HttpClient Probe = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    private readonly Stopwatch _sinceLoaded;
    private int? _processId;

    private HostedWorker(FunctionsHostDouble host, Stopwatch sinceLoaded)
    {
        Host = host;
        _sinceLoaded = sinceLoaded;
    }

    public FunctionsHostDouble Host { get; }

    /// <summary>The double's public address: what a gateway calls.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Host.Port}/");

    /// <summary>The header a gateway sends to a <c>Function</c>-level function.</summary>
    public string KeyHeader => "x-functions-key: " + Host.FunctionKey;

    public static async Task<HostedWorker> StartAsync(string appDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var host = await FunctionsHostDouble.StartAsync(new FunctionsHostOptions
        {
            AppDirectory = appDirectory,
            Environment = new Dictionary<string, string>(settings, StringComparer.Ordinal),
        });
        return new HostedWorker(host, Stopwatch.StartNew());
    }

    /// <summary>
    /// Polls <paramref name="path"/> through the double every 5 ms until it answers <paramref name="expected"/>; returns
    /// the time from the worker process's start: the double's <see cref="FunctionsHostDouble.TimeToReady"/> (process
    /// start to every function loaded) plus the time since. Called right after <see cref="StartAsync"/>, the cold start.
    /// </summary>
    public async Task<TimeSpan> WaitForAsync(string path, HttpStatusCode expected, IReadOnlyList<KeyValuePair<string, string>> headers, TimeSpan? limit = null)
    {
        var deadline = limit ?? TimeSpan.FromSeconds(60);
        var last = "nothing";
        while (_sinceLoaded.Elapsed < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, path));
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await Probe.SendAsync(request);
                if (response.StatusCode == expected)
                {
                    return Host.TimeToReady + _sinceLoaded.Elapsed;
                }

                last = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException)
            {
                last = "no answer within 5 s";
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"{BaseAddress}{path.TrimStart('/')} did not answer {(int)expected} within {deadline.TotalSeconds} s (last: {last}):\n{Host.Output}");
    }

    /// <summary>The worker process's peak resident set (VmHWM) so far, in MB (10⁶ bytes).</summary>
    public double PeakWorkingSetMB() => ProcessMemory.PeakWorkingSetMB(_processId ??= FindWorkerProcess());

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    /// <summary>
    /// The child process listening on the worker's own Kestrel port (its <c>HttpUri</c> capability): the one socket
    /// inode in <c>/proc/net/tcp</c> that one of this process's children holds.
    /// </summary>
    private int FindWorkerProcess()
    {
        var port = Host.WorkerHttpUri?.Port ?? throw new InvalidOperationException("The worker reported no HttpUri.");
        var inodes = ListeningInodes(port);
        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || ParentOf(pid) != self)
            {
                continue;
            }

            try
            {
                if (Directory.EnumerateFileSystemEntries(Path.Combine(directory, "fd"))
                    .Select(fd => new FileInfo(fd).LinkTarget)
                    .Any(target => target is not null && inodes.Contains(target)))
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Exited meanwhile.
            }
        }

        throw new InvalidOperationException($"No child process of this one listens on the worker's port {port}.");
    }

    private static HashSet<string> ListeningInodes(int port)
    {
        const string Listen = "0A";
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Concat(File.Exists("/proc/net/tcp6") ? File.ReadLines("/proc/net/tcp6") : [])
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 9 && fields[1].EndsWith(hexPort, StringComparison.Ordinal) && fields[3] == Listen)
            .Select(fields => $"socket:[{fields[9]}]")
            .ToHashSet(StringComparer.Ordinal);
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}

/// <summary>Peak resident set of a process by id, read as <see cref="Gatehouse.Testing.StandaloneProcess.PeakWorkingSetMB"/> reads it.</summary>
internal static class ProcessMemory
{
    public static double PeakWorkingSetMB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kib = long.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        return kib * 1024 / 1e6;
    }
}
