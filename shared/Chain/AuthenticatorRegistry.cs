using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Chain;

/// <summary>
/// Plugins by chain name. Each plugin is an <see cref="IAuthenticator"/> keyed service registered under
/// its name (<see cref="ChainServiceCollectionExtensions.AddGatehouseAuthenticator{TAuthenticator}"/>), so
/// configuration can be checked against the names without building any plugin.
/// </summary>
internal sealed class AuthenticatorRegistry
{
    private readonly IServiceProvider _services;
    private readonly IServiceProviderIsKeyedService _isKeyedService;

    public AuthenticatorRegistry(IServiceProvider services, IServiceProviderIsKeyedService isKeyedService)
    {
        _services = services;
        _isKeyedService = isKeyedService;
    }

    public bool Contains(string name) => _isKeyedService.IsKeyedService(typeof(IAuthenticator), name);

    public IAuthenticator Get(string name)
    {
        var authenticator = _services.GetRequiredKeyedService<IAuthenticator>(name);
        return string.Equals(authenticator.Name, name, StringComparison.Ordinal)
            ? authenticator
            : throw new InvalidOperationException($"The plugin registered as '{name}' calls itself '{authenticator.Name}'.");
    }
}
