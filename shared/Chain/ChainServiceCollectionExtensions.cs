using System.Diagnostics.CodeAnalysis;
using Gatehouse.Caching;
using Gatehouse.Network;
using Gatehouse.Plugins;
using Gatehouse.Regulation;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Chain;

/// <summary>Registers the authentication chain, its plugins and the hot-path caches.</summary>
public static class ChainServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IAuthenticationChain"/>, the built-in plugins and their options (validated at start),
    /// decorates the registered <see cref="ITokenService"/> and <see cref="IUserDirectory"/> with caches, and puts
    /// regulation between the directory and its cache (it needs an <see cref="IBanStore"/>).
    /// Call it after the storage registration. Sections read: <c>Gatehouse:Chain</c>, <c>Gatehouse:Users</c>,
    /// <c>Gatehouse:Plugins:&lt;NAME&gt;</c>, <c>Gatehouse:Cache</c>, <c>Gatehouse:Network</c>, <c>Gatehouse:Regulation</c>.
    /// </summary>
    public static IServiceCollection AddGatehouseChain(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(AuthenticatorRegistry)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);

        AddOptions<ChainOptions, ChainOptionsValidator>(services, o => o.Read(configuration.GetSection(ChainOptions.SectionName)));
        AddOptions<PrincipalOptions, PrincipalOptionsValidator>(services, o => o.Read(configuration.GetSection(PrincipalOptions.SectionName)));
        AddOptions<BasicAuthenticatorOptions, BasicAuthenticatorOptionsValidator>(services, o => o.Read(configuration.GetSection(BasicAuthenticatorOptions.SectionName)));
        AddOptions<TokenAuthenticatorOptions, TokenAuthenticatorOptionsValidator>(services, o => o.Read(configuration.GetSection(TokenAuthenticatorOptions.SectionName)));
        AddOptions<PortalAuthenticatorOptions, PortalAuthenticatorOptionsValidator>(services, o => o.Read(configuration.GetSection(PortalAuthenticatorOptions.SectionName)));
        AddOptions<ProxyAuthenticatorOptions, ProxyAuthenticatorOptionsValidator>(services, o => o.Read(configuration.GetSection(ProxyAuthenticatorOptions.SectionName)));
        AddOptions<CacheOptions, CacheOptionsValidator>(services, o => o.Read(configuration.GetSection(CacheOptions.SectionName)));

        services.AddOptions<NetworkOptions>().Bind(configuration.GetSection(NetworkOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<NetworkOptions>>(new NetworkOptionsDefaults(configuration)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>());
        services.AddSingleton<ClientAddressResolver>();
        services.AddSingleton<RefusalLog>();
        services.AddSingleton<CredentialAuthority>();

        services.AddGatehouseAuthenticator<BasicAuthenticator>(AuthenticatorNames.Basic);
        services.AddGatehouseAuthenticator<TokenAuthenticator>(AuthenticatorNames.Token);
        services.AddGatehouseAuthenticator<PortalAuthenticator>(AuthenticatorNames.Portal);
        services.AddGatehouseAuthenticator<ProxyAuthenticator>(AuthenticatorNames.Proxy);
        services.AddGatehouseAuthenticator<AnonymousAuthenticator>(AuthenticatorNames.Anonymous);
        services.AddSingleton<AuthenticatorRegistry>();
        services.AddSingleton<IAuthenticationChain, AuthenticationChain>();

        // Regulation sits under the cache: a cached credential never reaches it, one credential checked by many
        // requests at once reaches it once (the cache's single-flight).
        services.AddGatehouseRegulation(configuration);
        Decorate<ITokenService>(services, (sp, inner) => new CachingTokenService(inner, sp.GetRequiredService<IOptions<CacheOptions>>(), sp.GetRequiredService<TimeProvider>()));
        Decorate<IUserDirectory>(services, (sp, inner) => new RegulatedUserDirectory(inner, sp.GetRequiredService<Regulator>(), sp.GetRequiredService<PasswordHashingGate>(), sp.GetRequiredService<IOptions<RegulationOptions>>()));
        Decorate<IUserDirectory>(services, (sp, inner) => new CachingUserDirectory(inner, sp.GetRequiredService<IOptions<CacheOptions>>(), sp.GetRequiredService<TimeProvider>()));
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

    private static void AddOptions<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(IServiceCollection services, Action<TOptions> read)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Configure(read).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }

    /// <summary>Replaces the last registration of <typeparamref name="TService"/> with <paramref name="decorate"/> wrapped around it.</summary>
    private static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService)
            {
                index = i;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"Register an {typeof(TService).Name} before calling {nameof(AddGatehouseChain)}: the chain decorates it with a cache.");
        }

        var inner = services[index];
        if (inner.Lifetime != ServiceLifetime.Singleton)
        {
            throw new InvalidOperationException($"{typeof(TService).Name} must be a singleton to be cached (it is {inner.Lifetime}).");
        }

        services[index] = ServiceDescriptor.Singleton(sp => decorate(sp, (TService)(inner.ImplementationInstance
            ?? inner.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
    }
}
