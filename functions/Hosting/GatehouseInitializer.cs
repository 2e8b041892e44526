using Gatehouse.Users;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// Slow first-start work (creating the bootstrap administrator, which creates tables) runs after
/// Kestrel listens, so the host's <c>GET /</c> readiness probe is answered at once (SPEC §1.1).
/// Requests that need the work await it; a failure (storage down) is retried by the next request.
/// </summary>
internal sealed partial class GatehouseInitializer(BootstrapAdministrator bootstrap, ILogger<GatehouseInitializer> logger)
{
    private readonly Lock _gate = new();
    private Task? _initialization;

    /// <summary>Completes when initialization has succeeded; throws <see cref="DependencyUnavailableException"/> while it cannot.</summary>
    public Task EnsureInitializedAsync()
    {
        var current = _initialization;
        if (current is { IsCompletedSuccessfully: true })
        {
            return current;
        }

        lock (_gate)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = RunAsync();
            }

            return _initialization;
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await bootstrap.EnsureAsync(CancellationToken.None);
        }
        catch (DependencyUnavailableException exception)
        {
            LogInitializationDeferred(logger, exception.Dependency);
            throw;
        }
    }

    // Debug: every request retries while the dependency is down, and the dependency's monitor warns once per outage.
    [LoggerMessage(EventId = LogEvents.InitializationDeferred, EventName = nameof(LogEvents.InitializationDeferred), Level = LogLevel.Debug, Message = "Initialization deferred: {Dependency} is unavailable; the next request retries")]
    private static partial void LogInitializationDeferred(ILogger logger, string dependency);
}
