using System.Diagnostics;

namespace Gatehouse.Testing;

/// <summary>
/// Debian's Caddy, started in the foreground from the repository's own recipe (<c>gateways/caddy/Caddyfile</c>),
/// which reads its values from the environment. Its data and configuration folders are a fresh temporary one.
/// </summary>
public sealed class CaddyProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/caddy";

    private readonly Process _process;
    private readonly string _home;

    private CaddyProcess(Process process, string home, int port)
    {
        _process = process;
        _home = home;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public static async Task<CaddyProcess> StartAsync(int gatehousePort, int upstreamPort, string functionKey = "")
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's caddy (apt-get install caddy); .ci/run does.");
        }

        var home = Directory.CreateTempSubdirectory("gatehouse-caddy-").FullName;
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Binary, ["run", "--config", Path.Combine(RepositoryRoot.Path, "gateways", "caddy", "Caddyfile"), "--adapter", "caddyfile"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["HOME"] = home,
                ["XDG_DATA_HOME"] = home,
                ["XDG_CONFIG_HOME"] = home,
                ["LISTEN"] = $"http://127.0.0.1:{port}",
                ["BIND"] = "127.0.0.1",
                ["GATEHOUSE"] = $"127.0.0.1:{gatehousePort}",
                ["UPSTREAM"] = $"127.0.0.1:{upstreamPort}",
                ["FUNCTION_KEY"] = functionKey,
            },
        };
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var caddy = new CaddyProcess(process, home, port);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                await caddy.DisposeAsync();
                throw new InvalidOperationException("caddy exited:\n" + string.Join('\n', output));
            }

            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return caddy;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(25);
            }
        }

        await caddy.DisposeAsync();
        throw new TimeoutException("caddy did not listen within 15 s:\n" + string.Join('\n', output));
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
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
