namespace Gatehouse.Testing.FunctionsHost;

/// <summary>How <see cref="FunctionsHostDouble"/> runs a published isolated-worker app.</summary>
public sealed class FunctionsHostOptions
{
    /// <summary>The published app: the folder holding host.json, worker.config.json and functions.metadata.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>App settings, as local.settings.json <c>Values</c> or the portal's configuration: the worker's environment.</summary>
    public IDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The public HTTP port on 127.0.0.1; a free one when null.</summary>
    public int? Port { get; init; }

    /// <summary>
    /// Whether function and admin functions need a key, as on the deployed host (the default). Core Tools skip
    /// the check unless started with <c>--enableAuth</c>.
    /// </summary>
    public bool EnforceKeys { get; init; } = true;

    /// <summary>
    /// A folder in the host's file-system secrets layout (<c>host.json</c>, <c>&lt;function&gt;.json</c>); when null a
    /// master key and a default host function key are generated for this run (see <see cref="FunctionsHostDouble.Keys"/>).
    /// </summary>
    public string? SecretsDirectory { get; init; }

    /// <summary>
    /// <c>AZURE_FUNCTIONS_ENVIRONMENT</c> for the worker. Production, as deployed; Core Tools set Development.
    /// </summary>
    public string EnvironmentName { get; init; } = "Production";

    /// <summary>From starting the worker process to every function loaded; past it start-up fails with the worker's output.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an invocation may run. host.json's <c>functionTimeout</c> wins when set; the default is the
    /// Consumption plan's 5 minutes.
    /// </summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Called with each line of <see cref="FunctionsHostDouble.Output"/> as it arrives (a console's live log).</summary>
    public Action<string>? OutputListener { get; init; }

    /// <summary>How long the worker has to exit after WorkerTerminate before its process tree is killed (the host's 5 s).</summary>
    public TimeSpan TerminateGracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
