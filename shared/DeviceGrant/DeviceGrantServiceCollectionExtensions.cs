using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.DeviceGrant;

public static class DeviceGrantServiceCollectionExtensions
{
    /// <summary>Registers the Device Authorization Grant (RFC 8628) and its table. Needs storage.</summary>
    public static IServiceCollection AddGatehouseDeviceGrant(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeviceGrantStore, TableDeviceGrantStore>();
        services.TryAddSingleton<DeviceGrants>();
        return services;
    }
}
