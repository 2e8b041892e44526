using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Regulation;

public static class RegulationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>Gatehouse:Regulation</c> (validated at start), the password hashing gate, the regulator and its
    /// ban table, the same regulation for second-factor codes, and puts regulation in front of the registered <see cref="IUserDirectory"/>. Call it after the
    /// users and before the caches: a cached credential never reaches regulation, and one credential checked by
    /// many requests at once reaches it once (the cache's single-flight).
    /// </summary>
    public static IServiceCollection AddGatehouseRegulation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RegulationOptions>().BindConfiguration(RegulationOptions.Section).ValidateOnStart()
            .ValidateWith<RegulationOptions, RegulationOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RegulationOptions>>().Value;
            return new PasswordHashingGate(options.HashingConcurrency, options.HashingQueueLength, options.HashingNice, sp.GetRequiredService<ILogger<PasswordHashingGate>>());
        });
        services.TryAddSingleton<IBanStore, TableBanStore>();
        services.TryAddSingleton<Regulator>();
        services.TryAddSingleton<SecondFactorRegulation>();
        return services.Decorate<IUserDirectory>((sp, inner) => new RegulatedUserDirectory(
            inner, sp.GetRequiredService<Regulator>(), sp.GetRequiredService<PasswordHashingGate>(), sp.GetRequiredService<IOptions<RegulationOptions>>()));
    }
}
