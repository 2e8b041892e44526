using Gatehouse.Audit;
using Gatehouse.Caching;
using Gatehouse.Chain;
using Gatehouse.DeviceGrant;
using Gatehouse.Housekeeping;
using Gatehouse.Mfa;
using Gatehouse.Network;
using Gatehouse.Plugins;
using Gatehouse.Regulation;
using Gatehouse.Secrets;
using Gatehouse.Storage;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse;

/// <summary>The one place the library is wired, each area registering itself, bottom of the stack first.</summary>
public static class GatehouseServiceCollectionExtensions
{
    /// <summary>
    /// Registers every area, reading the host's <c>IConfiguration</c>. The order is the stack's: the stores, then
    /// regulation and caches layered over them (the last registered is outermost), then the plugins and the chain, then
    /// the audit trail around what the endpoints call.
    /// Calling it twice changes nothing.
    /// </summary>
    public static IServiceCollection AddGatehouse(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IAuthenticationChain)))
        {
            return services;
        }

        return services
            .AddGatehouseSecrets()
            .AddGatehouseStorage()
            .AddGatehouseNetwork()
            .AddGatehouseTokens()
            .AddGatehouseUsers()
            .AddGatehouseRegulation()
            .AddGatehouseMfa()
            .AddGatehouseDeviceGrant()
            .AddGatehouseCaching()
            .AddGatehousePlugins()
            .AddGatehouseChain()
            .AddGatehouseAudit()
            .AddGatehouseHousekeeping();
    }
}
