using System.Runtime.InteropServices;
using Gatehouse.Testing.FunctionsHost;
using Gatehouse.Tools.HostDouble;

// Like `func start --script-root <dir>`: app settings from local.settings.json, keys bypassed unless asked for,
// the worker's log on the console, Ctrl+C (or SIGTERM) terminates the worker cleanly.
var commandLine = CommandLine.Parse(args, out var error);
if (commandLine is null)
{
    if (error is not null)
    {
        Console.Error.WriteLine(error);
        Console.Error.WriteLine();
    }

    (error is null ? Console.Out : Console.Error).WriteLine(CommandLine.Usage);
    return error is null ? 0 : 2;
}

var scriptRoot = Path.GetFullPath(commandLine.ScriptRoot);
var settingsFile = commandLine.SettingsFile ?? Path.Combine(scriptRoot, "local.settings.json");
LocalSettings settings;
try
{
    settings = File.Exists(settingsFile) ? LocalSettings.Read(settingsFile)
        : commandLine.SettingsFile is not null ? throw new FileNotFoundException($"{settingsFile}: no such settings file.")
        : LocalSettings.None;
}
catch (Exception ex) when (ex is FormatException or FileNotFoundException or IOException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

var port = commandLine.Port ?? settings.LocalHttpPort ?? 7071;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

FunctionsHostDouble host;
try
{
    host = await FunctionsHostDouble.StartAsync(
        new FunctionsHostOptions
        {
            AppDirectory = scriptRoot,
            Environment = new Dictionary<string, string>(settings.Values),
            Port = port,
            EnforceKeys = commandLine.EnableAuth,
            EnvironmentName = "Development",
            OutputListener = Console.WriteLine,
        },
        stop.Token);
}
catch (PortInUseException)
{
    Console.Error.WriteLine($"Port {port} is unavailable: something else listens on 127.0.0.1:{port}. Choose another with --port <number>.");
    return 1;
}
catch (Exception ex) when (ex is InvalidOperationException or DirectoryNotFoundException or OperationCanceledException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

await using (host)
{
    Console.WriteLine(FunctionList.Format(host, commandLine.EnableAuth));
    Console.WriteLine($"Worker ready in {host.TimeToReady.TotalMilliseconds:0} ms. Press Ctrl+C to stop.");
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C or SIGTERM.
    }

    var exit = await host.StopAsync();
    Console.WriteLine(exit.Killed
        ? $"The worker outlived its grace period and was killed after {exit.TimeToExit.TotalMilliseconds:0} ms."
        : $"The worker exited with code {exit.ExitCode} after {exit.TimeToExit.TotalMilliseconds:0} ms.");
}

return 0;
