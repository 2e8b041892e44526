using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Housekeeping;

public static class HousekeepingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the sweep (<c>Housekeeper</c>) and its options, <c>Gatehouse:Housekeeping</c>, validated at start. Scheduling
    /// it is the host's job (the function app runs it on an interval); call after the storage registration.
    /// </summary>
    public static IServiceCollection AddGatehouseHousekeeping(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HousekeepingOptions>().Bind(configuration.GetSection(HousekeepingOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HousekeepingOptions>, HousekeepingOptionsValidator>());
        services.TryAddSingleton<Housekeeper>();
        return services;
    }
}
