using System.Collections;
using System.Diagnostics;
using System.Net;
using Gatehouse.Testing.FunctionsHost.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// The host side of the Azure Functions language-worker protocol, enough to run a published .NET isolated
/// worker (ASP.NET Core integration) exactly as the Functions host runs it: it starts the worker from its
/// worker.config.json with the host's arguments and environment, serves the gRPC <c>FunctionRpc.EventStream</c>
/// (StartStream, init, worker indexing, one load per function, invocations, terminate), routes HTTP calls
/// by the worker's metadata and host.json's route prefix, enforces function keys, and proxies each call to
/// the worker's own Kestrel beside its InvocationRequest.
/// </summary>
public sealed class FunctionsHostDouble : IAsyncDisposable
{
    /// <summary>The version the double reports in WorkerInitRequest (a 4.x host; the worker does not read it).</summary>
    public const string HostVersion = "4.0.0.0";

    private static readonly TimeSpan UnavailableGrace = TimeSpan.FromSeconds(2);

    private readonly FunctionsHostOptions _options;
    private readonly string _appDirectory;
    private readonly HostOutput _output;
    private readonly WorkerChannel _channel;
    private readonly HttpFrontEnd _frontEnd;
    private readonly object _stopLock = new();
    private LoopbackServer? _grpc;
    private WorkerProcess? _process;
    private HttpInvocationProxy? _proxy;
    private HttpClient? _client;
    private Dictionary<string, string> _capabilities = [];
    private Task<WorkerExit>? _stopping;

    private FunctionsHostDouble(FunctionsHostOptions options, string appDirectory, HostOutput output, WorkerChannel channel, HttpFrontEnd frontEnd)
    {
        _options = options;
        _appDirectory = appDirectory;
        _output = output;
        _channel = channel;
        _frontEnd = frontEnd;
    }

    /// <summary>The public HTTP port on 127.0.0.1.</summary>
    public int Port => _frontEnd.Port;

    /// <summary>A client addressed to the public port: no redirects followed, no cookies kept.</summary>
    public HttpClient Client => _client ??= new HttpClient(
        new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/"),
    };

    /// <summary>The functions the worker indexed, in its order (which is also the route table's).</summary>
    public IReadOnlyList<HostedFunction> Functions { get; private set; } = [];

    /// <summary>The keys in force: from <see cref="FunctionsHostOptions.SecretsDirectory"/>, or generated for this run.</summary>
    public FunctionKeys Keys { get; private set; } = null!;

    /// <summary>The worker's stdout and stderr and its RpcLog lines, in arrival order.</summary>
    public string Output => _output.ToString();

    /// <summary>From starting the worker process to every function loaded.</summary>
    public TimeSpan TimeToReady { get; private set; }

    /// <summary>The capabilities the worker returned in WorkerInitResponse (e.g. <c>HttpUri</c>).</summary>
    public IReadOnlyDictionary<string, string> WorkerCapabilities => _capabilities;

    /// <summary>The worker's own Kestrel, where HTTP calls are forwarded (its <c>HttpUri</c> capability).</summary>
    public Uri? WorkerHttpUri { get; private set; }

    /// <summary>The control messages on the gRPC stream so far, in order (invocations and logs are left out).</summary>
    public IReadOnlyList<ControlMessage> ControlMessages => _channel.Transcript;

    /// <summary>The gRPC port the worker connects to (the worker's <c>--functions-uri</c>).</summary>
    internal int GrpcPort => _grpc?.Port ?? 0;

    internal string WorkerId { get; private set; } = "";

    internal int WorkerProcessId => _process?.Id ?? 0;

    /// <summary>A WorkerStatusRequest, as the host's health monitor sends; completes with the worker's answer.</summary>
    internal Task RequestWorkerStatusAsync() => _channel.RequestStatusAsync();

    /// <summary>
    /// Starts the worker and returns once every function is loaded. Fails with the worker's output when the
    /// worker exits first, when a step fails (init, indexing, a function load), or after
    /// <see cref="FunctionsHostOptions.StartTimeout"/>.
    /// </summary>
    /// <exception cref="PortInUseException">The public port asked for is taken.</exception>
    public static async Task<FunctionsHostDouble> StartAsync(FunctionsHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var appDirectory = Path.GetFullPath(options.AppDirectory);
        if (!Directory.Exists(appDirectory))
        {
            throw new DirectoryNotFoundException($"The app directory '{appDirectory}' does not exist.");
        }

        var hostJson = HostJson.Read(appDirectory);
        var settings = WorkerSettings(options, appDirectory);
        var command = WorkerCommand.Read(appDirectory, WithProcessEnvironment(settings));
        var output = new HostOutput(options.OutputListener);
        var workerId = Guid.NewGuid().ToString();
        var channel = new WorkerChannel(workerId, output);

        // The public port first: a taken port is reported before anything is started.
        var frontEnd = await HttpFrontEnd.StartAsync(options.Port ?? 0, cancellationToken);
        var host = new FunctionsHostDouble(options, appDirectory, output, channel, frontEnd) { WorkerId = workerId };
        try
        {
            await host.StartWorkerAsync(command, settings, hostJson, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Fires a timer-triggered function now, as the host's timer listener does on schedule: its input is the
    /// TimerInfo JSON for <paramref name="tick"/> (not past due, no schedule status when omitted).
    /// </summary>
    public Task<InvocationOutcome> InvokeAsync(string functionName, CancellationToken cancellationToken = default) =>
        InvokeAsync(functionName, new TimerTick(), cancellationToken);

    /// <inheritdoc cref="InvokeAsync(string, CancellationToken)"/>
    public async Task<InvocationOutcome> InvokeAsync(string functionName, TimerTick tick, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tick);
        var function = Functions.FirstOrDefault(f => string.Equals(f.Name, functionName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"No function '{functionName}'; the worker indexed {string.Join(", ", Functions.Select(f => f.Name))}.", nameof(functionName));
        if (!string.Equals(function.TriggerType, "timerTrigger", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException(
                function.IsHttp
                    ? $"'{function.Name}' is HTTP-triggered: call it through Client, as a caller of the host would."
                    : $"'{function.Name}' has a {function.TriggerType}; the host double fires HTTP and timer triggers only.");
        }

        var invocationId = Guid.NewGuid().ToString();
        var logs = new List<string>();
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FunctionTimeout);
        var response = await _channel.InvokeAsync(InvocationRequests.ForTimer(invocationId, function, tick), logs, timeout.Token);
        var elapsed = watch.Elapsed;

        var result = response.Result ?? new StatusResult();
        var exception = result.Exception is { } e ? $"{e.Type}: {e.Message}".Trim() : null;
        string? returned = response.ReturnValue?.DataCase switch
        {
            TypedData.DataOneofCase.Json => response.ReturnValue.Json,
            TypedData.DataOneofCase.String => response.ReturnValue.String,
            _ => null,
        };
        string[] logged;
        lock (logs)
        {
            logged = [.. logs];
        }

        return new InvocationOutcome(invocationId, (InvocationStatus)(int)result.Status, returned, exception, logged, elapsed);
    }

    /// <summary>
    /// Stops as the host stops a worker: WorkerTerminate with the grace period, then the process tree is
    /// killed if it is still there. Safe to call more than once; later calls return the first result.
    /// </summary>
    public Task<WorkerExit> StopAsync()
    {
        lock (_stopLock)
        {
            return _stopping ??= StopCoreAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private TimeSpan FunctionTimeout { get; set; }

    // App settings first, then what the host sets for every worker (the host's win, as they do there).
    private static Dictionary<string, string> WorkerSettings(FunctionsHostOptions options, string appDirectory)
    {
        var settings = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal);
        if (settings.TryGetValue("FUNCTIONS_WORKER_RUNTIME", out var runtime) &&
            !string.Equals(runtime, WorkerCommand.Runtime, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"FUNCTIONS_WORKER_RUNTIME is '{runtime}'; the host double runs {WorkerCommand.Runtime} workers only.");
        }

        settings["FUNCTIONS_WORKER_RUNTIME"] = WorkerCommand.Runtime;
        settings.TryAdd("AZURE_FUNCTIONS_ENVIRONMENT", options.EnvironmentName);
        settings["AzureWebJobsScriptRoot"] = appDirectory;
        settings["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        settings["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        return settings;
    }

    private static Dictionary<string, string> WithProcessEnvironment(Dictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            all[(string)variable.Key] = (string?)variable.Value ?? "";
        }

        foreach (var (name, value) in settings)
        {
            all[name] = value;
        }

        return all;
    }

    private async Task StartWorkerAsync(WorkerCommand command, Dictionary<string, string> settings, HostJson hostJson, CancellationToken cancellationToken)
    {
        FunctionTimeout = hostJson.FunctionTimeout ?? _options.FunctionTimeout;
        _grpc = await LoopbackServer.StartAsync(
            0,
            HttpProtocols.Http2,
            _ => { },
            services =>
            {
                // The host accepts messages up to the length it passes the worker (2 GiB - 1).
                services.AddGrpc(grpc =>
                {
                    grpc.MaxReceiveMessageSize = null;
                    grpc.MaxSendMessageSize = null;
                });
                services.AddSingleton(_channel);
            },
            app => app.MapGrpcService<FunctionRpcService>(),
            cancellationToken);

        var hostUri = new Uri($"http://127.0.0.1:{_grpc.Port}/");
        var watch = Stopwatch.StartNew();
        _process = WorkerProcess.Start(
            command.Executable,
            command.WithHostArguments(hostUri, WorkerId, requestId: Guid.NewGuid().ToString()),
            _appDirectory,
            settings,
            _output);
        var process = _process;
        _ = process.Exited.ContinueWith(
            exited => _channel.Close(new WorkerUnavailableException($"The Functions worker exited with code {exited.Result}.")),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startTimeout.CancelAfter(_options.StartTimeout);
        var deadline = Task.Delay(Timeout.Infinite, startTimeout.Token);

        await StepAsync(Wrap(_channel.Started), "StartStream", deadline);

        var initRequest = new WorkerInitRequest
        {
            HostVersion = HostVersion,
            WorkerDirectory = _appDirectory,
            FunctionAppDirectory = _appDirectory,
        };
        var init = await StepAsync(_channel.InitializeAsync(initRequest), "WorkerInitResponse", deadline);
        if (init.Result?.Status != StatusResult.Types.Status.Success)
        {
            throw Failed("The worker failed to initialise: " + IndexedFunction.Describe(init.Result ?? new StatusResult()));
        }

        _capabilities = new Dictionary<string, string>(init.Capabilities, StringComparer.Ordinal);
        _channel.WorkerHandlesCancel = HasCapability("HandlesInvocationCancelMessage");

        var metadata = await StepAsync(_channel.RequestMetadataAsync(_appDirectory), "FunctionMetadataResponse", deadline);
        IReadOnlyList<IndexedFunction> indexed;
        try
        {
            indexed = IndexedFunction.FromMetadata(metadata, hostJson.RoutePrefix);
        }
        catch (InvalidOperationException ex)
        {
            throw Failed(ex.Message, ex);
        }

        // All load requests go out before any reply is awaited, as the host sends them.
        var loads = indexed.Select(f => _channel.LoadAsync(f.LoadRequest)).ToArray();
        var loaded = await StepAsync(Task.WhenAll(loads), "FunctionLoadResponse", deadline);
        var failures = loaded
            .Where(l => l.Result?.Status != StatusResult.Types.Status.Success)
            .Select(l => $"'{indexed.First(f => f.Function.Id == l.FunctionId).Function.Name}': {IndexedFunction.Describe(l.Result ?? new StatusResult())}")
            .ToArray();
        if (failures.Length > 0)
        {
            throw Failed("The worker failed to load " + string.Join("; ", failures));
        }

        Functions = [.. indexed.Select(f => f.Function)];
        Keys = _options.SecretsDirectory is { } secrets
            ? SecretsDirectory.Read(Path.GetFullPath(secrets), Functions.Select(f => f.Name))
            : FunctionKeys.Generate();

        if (_capabilities.TryGetValue("HttpUri", out var httpUri))
        {
            WorkerHttpUri = new Uri(httpUri);
        }
        else if (Functions.Any(f => f.IsHttp))
        {
            throw Failed("The worker reported no HttpUri capability: the host double proxies HTTP to the ASP.NET Core integration only (ConfigureFunctionsWebApplication).");
        }

        var router = new FunctionRouter(Functions, _frontEnd.ConstraintResolver);
        _proxy = new HttpInvocationProxy(_channel, WorkerHttpUri ?? new Uri("http://localhost/"), FunctionTimeout, DescribeUnavailableAsync, _output);
        _frontEnd.Serve(router, _options.EnforceKeys ? Keys : null, _proxy);
        TimeToReady = watch.Elapsed;
    }

    private bool HasCapability(string name) =>
        _capabilities.TryGetValue(name, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static async Task<bool> Wrap(Task task)
    {
        await task;
        return true;
    }

    /// <summary>One start-up step, raced against the worker's exit and the start timeout.</summary>
    private async Task<T> StepAsync<T>(Task<T> step, string waitingFor, Task deadline)
    {
        var exited = _process!.Exited;
        var first = await Task.WhenAny(step, exited, deadline);
        if (first == step && step.IsCompletedSuccessfully)
        {
            return step.Result;
        }

        // A step that failed because the stream closed usually means the process is exiting: report its exit code.
        if (first == step)
        {
            await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        if (exited.IsCompleted)
        {
            throw Failed($"The worker exited with code {exited.Result} while the host waited for {waitingFor}.");
        }

        if (first == step)
        {
            throw Failed($"The worker's stream failed while the host waited for {waitingFor}: {step.Exception?.InnerException?.Message}", step.Exception?.InnerException);
        }

        throw Failed($"The worker sent no {waitingFor} within {_options.StartTimeout.TotalSeconds:0.#} s of starting.");
    }

    private InvalidOperationException Failed(string message, Exception? inner = null) =>
        new($"{message}\nApp: {_appDirectory}\nWorker output:\n{_output}", inner);

    // A stream that closes is usually a process that is exiting: give the exit a moment to be observed.
    private async Task<string> DescribeUnavailableAsync()
    {
        if (_process?.Exited is { } exited && await Task.WhenAny(exited, Task.Delay(UnavailableGrace)) == exited)
        {
            return $"The Functions worker exited with code {exited.Result}; the host double is not restarting it.";
        }

        return "The Functions worker's gRPC stream is closed.";
    }

    private async Task<WorkerExit> StopCoreAsync()
    {
        // Stop taking calls first; calls in flight finish (Kestrel's graceful stop), then the worker goes.
        await _frontEnd.DisposeAsync();

        var watch = Stopwatch.StartNew();
        var killed = false;
        var exitCode = -1;
        if (_process is { } process)
        {
            if (!process.Exited.IsCompleted)
            {
                if (_channel.IsOpen && HasCapability("HandlesWorkerTerminateMessage"))
                {
                    try
                    {
                        _channel.Terminate(_options.TerminateGracePeriod);
                    }
                    catch (WorkerUnavailableException)
                    {
                        // It closed its stream in the meantime.
                    }
                }

                if (!await process.WaitForExitAsync(_options.TerminateGracePeriod))
                {
                    process.KillTree();
                    killed = true;
                }
            }

            await process.DisposeAsync();
            if (process.Exited.IsCompletedSuccessfully)
            {
                exitCode = process.Exited.Result;
            }
        }

        var exit = new WorkerExit(exitCode, watch.Elapsed, killed);
        _channel.Close(new WorkerUnavailableException("The host double stopped the worker."));
        _proxy?.Dispose();
        _client?.Dispose();
        if (_grpc is not null)
        {
            await _grpc.DisposeAsync();
        }

        return exit;
    }
}
