using Gatehouse.Chain;
using Gatehouse.Housekeeping;
using Gatehouse.Secrets;
using Gatehouse.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse;

/// <summary>The one place the library is wired: secrets, then storage and its housekeeping, then the chain that decorates storage with caches.</summary>
public static class GatehouseServiceCollectionExtensions
{
    public static IServiceCollection AddGatehouse(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddGatehouseSecrets(configuration);
        services.AddGatehouseStorage(configuration);
        services.AddGatehouseHousekeeping(configuration);
        services.AddGatehouseChain(configuration);
        return services;
    }
}
