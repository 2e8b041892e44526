using Gatehouse.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Regulation;

public static class RegulationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>Gatehouse:Regulation</c> (validated at start), the password hashing gate and the regulator.
    /// Storage (the directory hashes on the gate, the bans live in a table) and the chain (which puts regulation
    /// in front of the directory) both call it; it registers once. The regulator needs an <see cref="IBanStore"/>.
    /// </summary>
    public static IServiceCollection AddGatehouseRegulation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(Regulator)))
        {
            return services;
        }

        services.AddOptions<RegulationOptions>().Bind(configuration.GetSection(RegulationOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegulationOptions>, RegulationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RegulationOptions>>().Value;
            return new PasswordHashingGate(options.HashingConcurrency, options.HashingQueueLength, options.HashingNice, sp.GetRequiredService<ILogger<PasswordHashingGate>>());
        });
        services.AddSingleton<Regulator>();
        return services;
    }
}
