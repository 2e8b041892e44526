using System.Diagnostics;

namespace Gatehouse.Testing;

/// <summary>
/// Debian's nginx, started in the foreground from the repository's own recipe (<c>gateways/nginx/nginx.conf.template</c>,
/// or <c>nginx-https.conf.template</c> for a Gatehouse reached over TLS).
/// Without the authorizer it is the same configuration minus its <c>auth_request</c> line: the benchmark's
/// "nginx straight to the upstream", so the difference between the two is the authorizer's cost alone.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private const string AuthRequestLine = "auth_request /_gatehouse/authorize;";

    private static readonly string RenderScript = Path.Combine(RepositoryRoot.Path, "gateways", "nginx", "render.sh");

    private readonly Process _process;
    private readonly string _prefix;

    private NginxProcess(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public string ErrorLog => File.Exists(Path.Combine(_prefix, "error.log")) ? File.ReadAllText(Path.Combine(_prefix, "error.log")) : string.Empty;

    public static Task<NginxProcess> StartAsync(int gatehousePort, int upstreamPort, string functionKey = "", bool throughAuthorizer = true) =>
        StartAsync(
            variant: null,
            new Dictionary<string, string>
            {
                ["GATEHOUSE"] = $"127.0.0.1:{gatehousePort}",
                ["UPSTREAM"] = $"127.0.0.1:{upstreamPort}",
                ["FUNCTION_KEY"] = functionKey,
            },
            throughAuthorizer);

    /// <summary>
    /// The recipe for a Gatehouse reached over TLS (<c>gateways/nginx/nginx-https.conf.template</c>): it connects to
    /// 127.0.0.1:<paramref name="gatehousePort"/>, sends <paramref name="gatehouseHost"/> as SNI and Host, and accepts
    /// only a certificate for that name chaining to <paramref name="trustedCaPath"/> (PEM).
    /// </summary>
    public static Task<NginxProcess> StartHttpsAsync(int gatehousePort, string gatehouseHost, string trustedCaPath, int upstreamPort, string functionKey = "") =>
        StartAsync(
            variant: "https",
            new Dictionary<string, string>
            {
                ["GATEHOUSE"] = $"127.0.0.1:{gatehousePort}",
                ["GATEHOUSE_HOST"] = gatehouseHost,
                ["TRUSTED_CA"] = trustedCaPath,
                ["UPSTREAM"] = $"127.0.0.1:{upstreamPort}",
                ["FUNCTION_KEY"] = functionKey,
            },
            throughAuthorizer: true);

    private static async Task<NginxProcess> StartAsync(string? variant, Dictionary<string, string> placeholders, bool throughAuthorizer)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's nginx (apt-get install nginx); .ci/run does.");
        }

        var prefix = Directory.CreateTempSubdirectory("gatehouse-nginx-").FullName;
        File.SetUnixFileMode(prefix, (UnixFileMode)0b111_101_101);
        var port = FreePort.Next();
        placeholders["PREFIX"] = prefix;
        placeholders["LISTEN"] = $"127.0.0.1:{port}";

        // Rendered by the command the recipe ships, so the test proves it as an operator runs it.
        var config = await RenderAsync(variant, placeholders);
        if (!throughAuthorizer)
        {
            config = config.Contains(AuthRequestLine, StringComparison.Ordinal)
                ? config.Replace(AuthRequestLine, string.Empty, StringComparison.Ordinal)
                : throw new InvalidOperationException($"The nginx recipe no longer holds '{AuthRequestLine}'.");
        }

        if (config.Contains("${", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The nginx template has a placeholder this harness does not fill: " + config);
        }

        var configPath = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);

        var start = new ProcessStartInfo(Binary, ["-p", prefix, "-c", configPath, "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        var nginx = new NginxProcess(process, prefix, port);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var stderr = await process.StandardError.ReadToEndAsync();
                await nginx.DisposeAsync();
                throw new InvalidOperationException("nginx exited: " + stderr);
            }

            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return nginx;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(25);
            }
        }

        await nginx.DisposeAsync();
        throw new TimeoutException("nginx did not listen within 15 s");
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
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Runs <c>gateways/nginx/render.sh [variant]</c> with <paramref name="placeholders"/> as its environment; its output is the configuration.</summary>
    private static async Task<string> RenderAsync(string? variant, Dictionary<string, string> placeholders)
    {
        string[] arguments = variant is null ? [RenderScript] : [RenderScript, variant];
        var start = new ProcessStartInfo("bash", arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (name, value) in placeholders)
        {
            start.Environment[name] = value;
        }

        using var render = Process.Start(start)!;
        var output = render.StandardOutput.ReadToEndAsync();
        var errors = render.StandardError.ReadToEndAsync();
        await render.WaitForExitAsync();
        return render.ExitCode == 0 ? await output : throw new InvalidOperationException("gateways/nginx/render.sh failed: " + await errors);
    }
}
