namespace Gatehouse.Functions.Hosting;

/// <summary>What the worker, the standalone mode and the in-process test handler compose alike.</summary>
internal static class GatehouseApp
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration, ILoggingBuilder logging, bool standalone)
    {
        // ASP.NET Core's request logs print full URLs, and a URL may carry a token (?token=, X-Original-URI):
        // framework logging stays at Warning; Gatehouse's own log lines name plugin, user and reason only.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        services.AddGatehouse();
        services.AddGatehouseEndpoints();
        Telemetry.AddExporters(services, configuration, standalone);
    }

    /// <summary>
    /// Slow first-start work runs once the server listens, so readiness is answered at once; requests that need
    /// it wait for it (<see cref="EndpointRunner"/>), and a failure is retried by the next request.
    /// </summary>
    public static void InitializeOnStart(IServiceProvider services)
    {
        var initializer = services.GetRequiredService<GatehouseInitializer>();
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => _ = initializer.EnsureInitializedAsync());
    }
}
