using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Gatehouse.Bench;

/// <summary>
/// Gatehouse's library in the bench process, configured as a handler instance against the same storage: what the
/// seeder mints bindings with, and the "other instance" whose user changes the revocation case announces on the feed.
/// Its hosted services (the feed's reader among them) do not run: it only writes.
/// </summary>
internal static class LibraryStack
{
    public static ServiceProvider Build(HandlerSettings settings, string storage, params KeyValuePair<string, string?>[] overrides)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.For(storage).Select(setting => KeyValuePair.Create(setting.Key.Replace("__", ":", StringComparison.Ordinal), (string?)setting.Value)))
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production });
        return services.AddGatehouse().BuildServiceProvider();
    }
}
