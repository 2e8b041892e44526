using Gatehouse.Testing.FunctionsHost;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>How an end-to-end test runs the published app.</summary>
public enum HostingMode
{
    /// <summary>The isolated worker under the Functions host double, started as the host starts it, keys enforced.</summary>
    Worker,

    /// <summary>The same executable on its own, on Kestrel: the container or sidecar beside a gateway.</summary>
    Standalone,
}

/// <summary>Starts the published Gatehouse (see <see cref="PublishedApp"/>) in a hosting mode, ready to answer.</summary>
public static class GatehouseProcess
{
    /// <param name="httpsPort">Standalone only: also serve TLS on this port (see <see cref="StandaloneProcess.Start"/>).</param>
    public static async Task<IServedApp> StartAsync(IReadOnlyDictionary<string, string> settings, HostingMode mode = HostingMode.Worker, int? httpsPort = null)
    {
        if (httpsPort is not null && mode != HostingMode.Standalone)
        {
            throw new ArgumentException("Only the standalone mode serves TLS itself; the Functions host double listens on plain HTTP.", nameof(httpsPort));
        }

        var directory = await PublishedApp.GetDirectoryAsync();
        return mode switch
        {
            HostingMode.Worker => await FunctionsHostDouble.StartAsync(new FunctionsHostOptions
            {
                AppDirectory = directory,
                Environment = new Dictionary<string, string>(settings, StringComparer.Ordinal),
                EnvironmentName = settings.GetValueOrDefault("ASPNETCORE_ENVIRONMENT", "Production"),
            }),
            _ => await StandaloneProcess.StartAsync(directory, "gatehouse", settings, httpsPort),
        };
    }
}
