using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Tokens;

public static class TokensServiceCollectionExtensions
{
    /// <summary>
    /// Registers the token service on Table Storage and <c>Gatehouse:Tokens</c> (validated at start). Needs
    /// storage and the secret store (the token key).
    /// </summary>
    public static IServiceCollection AddGatehouseTokens(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateOnStart()
            .ValidateWith<TokenOptions, TokenOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITokenService, TableTokenService>();
        return services;
    }
}
