using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Caching;

public static class CachingServiceCollectionExtensions
{
    /// <summary>
    /// Puts the hot-path caches (<c>Gatehouse:Cache</c>, validated at start) in front of the registered
    /// <see cref="ITokenService"/> and <see cref="IUserDirectory"/>: call it after everything that decorates them.
    /// </summary>
    public static IServiceCollection AddGatehouseCaching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section).ValidateOnStart()
            .ValidateWith<CacheOptions, CacheOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.Decorate<ITokenService>((sp, inner) => new CachingTokenService(inner, sp.GetRequiredService<IOptions<CacheOptions>>(), sp.GetRequiredService<TimeProvider>()));
        return services.Decorate<IUserDirectory>((sp, inner) => new CachingUserDirectory(inner, sp.GetRequiredService<IOptions<CacheOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DirectoryChanges>()));
    }
}
