using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Network;

public static class NetworkServiceCollectionExtensions
{
    /// <summary>Registers <c>Gatehouse:Network</c> (validated at start) and the <see cref="ClientAddressResolver"/> that reads it.</summary>
    public static IServiceCollection AddGatehouseNetwork(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section).ValidateOnStart()
            .WithListDefaults<NetworkOptions, NetworkOptionsDefaults>()
            .ValidateWith<NetworkOptions, NetworkOptionsValidator>();
        services.TryAddSingleton<ClientAddressResolver>();
        return services;
    }
}
