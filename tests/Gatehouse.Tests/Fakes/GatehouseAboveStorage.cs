using Gatehouse.Audit;
using Gatehouse.Caching;
using Gatehouse.Chain;
using Gatehouse.Mfa;
using Gatehouse.Network;
using Gatehouse.Plugins;
using Gatehouse.Regulation;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Gatehouse.Tests.Fakes;

internal static class GatehouseAboveStorage
{
    /// <summary>
    /// The app's registration ladder (<see cref="GatehouseServiceCollectionExtensions.AddGatehouse"/>) without
    /// secrets and storage: the stores registered before this call (fakes) stay, since every area only tries to
    /// add its own, and regulation and caches are layered over them as in the app.
    /// </summary>
    public static IServiceCollection AddGatehouseAboveStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration);
        services.TryAddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production });
        return services
            .AddGatehouseNetwork()
            .AddGatehouseTokens()
            .AddGatehouseUsers()
            .AddGatehouseRegulation()
            .AddGatehouseMfa()
            .AddGatehouseCaching()
            .AddGatehousePlugins()
            .AddGatehouseChain()
            .AddGatehouseAudit();
    }
}
