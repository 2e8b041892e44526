using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Housekeeping;

public static class HousekeepingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the sweep (<c>Housekeeper</c>) and its options, <c>Gatehouse:Housekeeping</c>, validated at start.
    /// Scheduling it is the host's job (a timer function, or the standalone loop). Needs storage, the token service and the audit trail's options (its retention).
    /// </summary>
    public static IServiceCollection AddGatehouseHousekeeping(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<HousekeepingOptions>().BindConfiguration(HousekeepingOptions.Section).ValidateOnStart()
            .ValidateWith<HousekeepingOptions, HousekeepingOptionsValidator>();
        services.TryAddSingleton<Housekeeper>();
        return services;
    }
}
