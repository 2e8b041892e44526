using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Chain;

/// <summary>Registers the authentication chain: its options, its engine, and the plugins it can name.</summary>
public static class ChainServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IAuthenticationChain"/>, <c>Gatehouse:Chain</c> (validated at start against the plugins
    /// registered with <see cref="AddGatehouseAuthenticator{TAuthenticator}"/>) and <c>Gatehouse:Policy</c>, which
    /// password plugins follow. Needs the user directory (an identity must be an enabled user), the token service
    /// and the network settings.
    /// </summary>
    public static IServiceCollection AddGatehouseChain(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.Section).ValidateOnStart()
            .WithListDefaults<ChainOptions, ChainOptionsDefaults>()
            .ValidateWith<ChainOptions, ChainOptionsValidator>();
        services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.Section).ValidateOnStart()
            .ValidateWith<PolicyOptions, PolicyOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RefusalLog>();
        services.TryAddSingleton<CredentialAuthority>();
        services.TryAddSingleton<AuthenticatorRegistry>();
        services.TryAddSingleton<IAuthenticationChain, AuthenticationChain>();
        return services;
    }

    /// <summary>
    /// Makes a plugin available to chain configuration under <paramref name="name"/> (a singleton keyed
    /// <see cref="IAuthenticator"/>). Its <see cref="IAuthenticator.Name"/> must be <paramref name="name"/>.
    /// </summary>
    public static IServiceCollection AddGatehouseAuthenticator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TAuthenticator>(
        this IServiceCollection services, string name)
        where TAuthenticator : class, IAuthenticator
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddKeyedSingleton<IAuthenticator, TAuthenticator>(name);
        return services;
    }
}
