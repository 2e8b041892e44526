using System.Text;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary>The worker is started, initialised, indexed and loaded as the Functions host does it.</summary>
[Collection(BareWorkerCollectionDefinition.Name)]
public sealed class StartupProtocolTests(BareWorkerFixture fixture)
{
    [Fact]
    public void The_stream_opens_with_StartStream_then_init_metadata_and_one_load_per_function()
    {
        var start = fixture.Host.ControlMessages.Take(11).Select(m => m.ToString()).ToArray();

        Assert.Equal(
            [
                "worker→host StartStream",
                "host→worker WorkerInitRequest",
                "worker→host WorkerInitResponse",
                "host→worker FunctionsMetadataRequest",
                "worker→host FunctionMetadataResponse",
                "host→worker FunctionLoadRequest",
                "host→worker FunctionLoadRequest",
                "host→worker FunctionLoadRequest",
                "worker→host FunctionLoadResponse",
                "worker→host FunctionLoadResponse",
                "worker→host FunctionLoadResponse",
            ],
            start);
    }

    [Fact]
    public void Functions_come_from_the_worker_metadata_with_route_methods_level_and_trigger()
    {
        var functions = fixture.Host.Functions.ToDictionary(f => f.Name);

        Assert.Equal(["hello", "housekeeping", "secret"], functions.Keys.Order());
        Assert.Equal(("httpTrigger", "hello", AuthorizationLevel.Anonymous), (functions["hello"].TriggerType, functions["hello"].Route, functions["hello"].AuthLevel!.Value));
        Assert.Equal(["GET"], functions["hello"].Methods!);
        Assert.Equal(("secret/{*rest}", AuthorizationLevel.Function), (functions["secret"].Route, functions["secret"].AuthLevel!.Value));
        Assert.Equal(["GET", "POST"], functions["secret"].Methods!);
        Assert.Equal(("timerTrigger", "timer", null), (functions["housekeeping"].TriggerType, functions["housekeeping"].TriggerName, functions["housekeeping"].Route));
        Assert.All(functions.Values, f => Assert.False(string.IsNullOrEmpty(f.Id)));
    }

    [Fact]
    public void The_worker_reports_its_own_Kestrel_as_HttpUri_and_the_capabilities_the_proxy_relies_on()
    {
        var capabilities = fixture.Host.WorkerCapabilities;

        Assert.StartsWith("http://localhost:", capabilities["HttpUri"], StringComparison.Ordinal);
        Assert.Equal(new Uri(capabilities["HttpUri"]), fixture.Host.WorkerHttpUri);
        Assert.Equal("True", capabilities["HandlesWorkerTerminateMessage"]);
        Assert.Equal("True", capabilities["HandlesInvocationCancelMessage"]);
    }

    [Fact]
    public async Task The_worker_runs_with_the_host_command_line_working_directory_and_environment()
    {
        var app = await BareWorkerApp.GetDirectoryAsync();
        var pid = fixture.Host.WorkerProcessId;
        var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var environment = (await File.ReadAllTextAsync($"/proc/{pid}/environ"))
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => v.Split('=', 2))
            .ToDictionary(v => v[0], v => v[1]);
        var grpc = fixture.Host.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var workerId = fixture.Host.WorkerId;

        Assert.Equal("dotnet", Path.GetFileName(commandLine[0]));
        Assert.Equal(Path.Combine(app, "BareWorker.dll"), commandLine[1]);
        Assert.Equal(
            ["--host", "127.0.0.1", "--port", grpc, "--workerId", workerId, "--requestId", commandLine[9],
             "--grpcMaxMessageLength", "2147483647", "--functions-uri", $"http://127.0.0.1:{grpc}/", "--functions-worker-id", workerId,
             "--functions-request-id", commandLine[9], "--functions-grpc-max-message-length", "2147483647"],
            commandLine[2..]);
        Assert.Equal(app, Path.GetFullPath(new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(false)!.FullName));
        Assert.Equal(app, environment["FUNCTIONS_WORKER_DIRECTORY"]);
        Assert.Equal(app, environment["FUNCTIONS_APPLICATION_DIRECTORY"]);
        Assert.Equal(app, environment["AzureWebJobsScriptRoot"]);
        Assert.Equal("dotnet-isolated", environment["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("Production", environment["AZURE_FUNCTIONS_ENVIRONMENT"]);
    }

    [Fact]
    public async Task App_settings_reach_the_worker_environment()
    {
        var options = BareWorkerApp.Options(await BareWorkerApp.GetDirectoryAsync());
        await using var host = await FunctionsHostDouble.StartAsync(new FunctionsHostOptions
        {
            AppDirectory = options.AppDirectory,
            Environment = new Dictionary<string, string> { ["Gatehouse__Example"] = "from local.settings.json", ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development" },
        });

        var environment = Encoding.UTF8.GetString(await File.ReadAllBytesAsync($"/proc/{host.WorkerProcessId}/environ"));

        Assert.Contains("\0Gatehouse__Example=from local.settings.json\0", "\0" + environment, StringComparison.Ordinal);
        Assert.Contains("\0AZURE_FUNCTIONS_ENVIRONMENT=Development\0", "\0" + environment, StringComparison.Ordinal);
        // The worker's host logs its environment once started, which may be just after the functions are loaded.
        for (var waited = 0; !host.Output.Contains("Hosting environment:", StringComparison.Ordinal) && waited < 10_000; waited += 50)
        {
            await Task.Delay(50);
        }

        Assert.Contains("Hosting environment: Development", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_to_ready_is_measured_and_the_worker_log_is_collected()
    {
        Assert.InRange(fixture.Host.TimeToReady, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(60));
        Assert.Contains("[RpcLog Information] Microsoft.Hosting.Lifetime: Now listening on: http://localhost:", fixture.Host.Output, StringComparison.Ordinal);
    }
}
