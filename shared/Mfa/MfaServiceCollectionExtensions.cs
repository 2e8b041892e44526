using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Mfa;

public static class MfaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISecondFactor"/> with <c>Gatehouse:Mfa</c> (validated at start) and its table. Needs
    /// storage, the secret store (<c>mfa-key</c>) and regulation (codes are counted like passwords): call it after
    /// <c>AddGatehouseRegulation</c>.
    /// </summary>
    public static IServiceCollection AddGatehouseMfa(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MfaOptions>().BindConfiguration(MfaOptions.Section).ValidateOnStart()
            .ValidateWith<MfaOptions, MfaOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISecondFactorStore, TableSecondFactorStore>();
        services.TryAddSingleton<TotpSecretProtector>();
        services.TryAddSingleton<ISecondFactor, SecondFactorService>();
        return services;
    }
}
