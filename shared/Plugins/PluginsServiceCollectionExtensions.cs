using Gatehouse.Chain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Plugins;

public static class PluginsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the built-in plugins under their chain names, their options (<c>Gatehouse:Plugins:&lt;NAME&gt;</c>,
    /// validated at start) and the portal's nonce table. Needs the token service, the user directory, the secret
    /// store and the network settings.
    /// </summary>
    public static IServiceCollection AddGatehousePlugins(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<BasicAuthenticatorOptions>().BindConfiguration(BasicAuthenticatorOptions.Section).ValidateOnStart()
            .ValidateWith<BasicAuthenticatorOptions, BasicAuthenticatorOptionsValidator>();
        services.AddOptions<TokenAuthenticatorOptions>().BindConfiguration(TokenAuthenticatorOptions.Section).ValidateOnStart()
            .ValidateWith<TokenAuthenticatorOptions, TokenAuthenticatorOptionsValidator>();
        services.AddOptions<PortalAuthenticatorOptions>().BindConfiguration(PortalAuthenticatorOptions.Section).ValidateOnStart()
            .ValidateAttributes<PortalAuthenticatorOptions, PortalAuthenticatorOptionsRanges>(PortalAuthenticatorOptions.Section)
            .ValidateWith<PortalAuthenticatorOptions, PortalAuthenticatorOptionsValidator>();
        services.AddOptions<ProxyAuthenticatorOptions>().BindConfiguration(ProxyAuthenticatorOptions.Section).ValidateOnStart()
            .ValidateWith<ProxyAuthenticatorOptions, ProxyAuthenticatorOptionsValidator>();
        services.TryAddSingleton<INonceStore, TableNonceStore>();

        services.AddGatehouseAuthenticator<BasicAuthenticator>(AuthenticatorNames.Basic);
        services.AddGatehouseAuthenticator<TokenAuthenticator>(AuthenticatorNames.Token);
        services.AddGatehouseAuthenticator<PortalAuthenticator>(AuthenticatorNames.Portal);
        services.AddGatehouseAuthenticator<ProxyAuthenticator>(AuthenticatorNames.Proxy);
        return services.AddGatehouseAuthenticator<AnonymousAuthenticator>(AuthenticatorNames.Anonymous);
    }
}
