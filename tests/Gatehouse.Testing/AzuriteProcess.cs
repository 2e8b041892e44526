using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gatehouse.Testing;

/// <summary>
/// One <c>azurite-table</c> process (the version pinned in package.json, installed by <c>npm ci</c>),
/// in memory, on 127.0.0.1 and a free port. It can be stopped and started again on the same port,
/// so outage tests can take storage away and bring it back (data is lost: it lives in memory).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The emulator's well-known development account key (public, documented by Microsoft).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _executable;
    private readonly string _repositoryRoot;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteProcess(string repositoryRoot, string executable, int port)
    {
        _repositoryRoot = repositoryRoot;
        _executable = executable;
        Port = port;
    }

    public int Port { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The connection string for this instance (valid whether or not it is running).</summary>
    public string ConnectionString => ConnectionStringFor(Port);

    /// <summary>Starts a new instance on a free port and waits until it accepts connections.</summary>
    public static async Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        var root = RepositoryRoot.Path;
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed: '{executable}' does not exist. Run `npm ci --no-audit --no-fund` in '{root}' " +
                "(it installs the Azurite version pinned in package.json) before running the storage tests.");
        }

        // A port picked free can be taken by someone else before Azurite binds it: try a few.
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var process = new AzuriteProcess(root, executable, FreePort.Next());
            try
            {
                await process.StartAgainAsync(cancellationToken);
                return process;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
                await process.DisposeAsync();
            }
        }

        throw new InvalidOperationException("Azurite did not start after 3 attempts.", last);
    }

    /// <summary>A connection string in the emulator's format for any port.</summary>
    public static string ConnectionStringFor(int port) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/{AccountName};");

    /// <summary>A connection string to a loopback port nothing listens on: every request fails to connect.</summary>
    public static string UnreachableConnectionString() => ConnectionStringFor(FreePort.Next());

    /// <summary>(Re)starts the process on <see cref="Port"/>; a no-op when it is already running.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        _process?.Dispose();
        lock (_output)
        {
            _output.Clear();
        }

        var startInfo = new ProcessStartInfo(_executable)
        {
            WorkingDirectory = _repositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--tableHost", "127.0.0.1",
            "--tablePort", Port.ToString(CultureInfo.InvariantCulture),
            "--inMemoryPersistence",
            "--skipApiVersionCheck",
            "--disableProductStyleUrl",
            "--disableTelemetry",
            "--loose",
            "--silent",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start '{_executable}'.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // A test host that dies without disposing its fixtures must not leave Azurite running.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly(process);

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Azurite exited with code {process.ExitCode} before listening on port {Port}. Output:\n{Output}");
            }

            if (await AcceptsConnectionsAsync(Port, cancellationToken))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        await StopAsync();
        throw new InvalidOperationException($"Azurite did not listen on port {Port} within {StartTimeout.TotalSeconds} s. Output:\n{Output}");
    }

    /// <summary>Kills the process tree and waits until the port no longer accepts connections.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process = null;
        process.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();


    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone or disposed.
        }
    }


    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
