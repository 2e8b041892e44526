using System.Diagnostics;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// The worker process, started as the host starts it: redirected output, the app directory as working
/// directory, the host's environment plus the app settings and the host's own variables. Its output goes
/// to <see cref="HostOutput"/>; it is killed with its process tree if the test process exits first.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly EventHandler _killOnExit;

    private WorkerProcess(Process process)
    {
        _process = process;
        _killOnExit = (_, _) => KillTree();
        AppDomain.CurrentDomain.ProcessExit += _killOnExit;
        Exited = WaitForExitCodeAsync();
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the process is gone and its output read to the end.</summary>
    public Task<int> Exited { get; }

    public static WorkerProcess Start(
        string executable,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        HostOutput output)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Append("stdout", e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Append("stderr", e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start the worker '{executable}' in '{workingDirectory}': {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit on its own; true when it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await Exited.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void KillTree()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _killOnExit;
        KillTree();
        // The exit code and the last output lines are read before the handle goes.
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private async Task<int> WaitForExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }
}
