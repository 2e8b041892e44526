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
    /// Both share one <see cref="InvalidationLedger"/>, which the revocation feed (in Table Storage, read by a hosted
    /// service) keeps in step with the other instances.
    /// </summary>
    public static IServiceCollection AddGatehouseCaching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section).ValidateOnStart()
            .ValidateWith<CacheOptions, CacheOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRevocationFeed, TableRevocationFeed>();
        services.TryAddSingleton<RevocationAnnouncer>();
        services.TryAddSingleton<InvalidationLedger>();
        services.TryAddSingleton<RevocationFeedReader>();
        services.AddHostedService<RevocationFeedService>();
        services.Decorate<ITokenService>((sp, inner) => new CachingTokenService(inner, sp.GetRequiredService<InvalidationLedger>(), sp.GetRequiredService<IOptions<CacheOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.Decorate<IGroupDirectory>((sp, inner) => new InvalidatingGroupDirectory(inner, sp.GetRequiredService<InvalidationLedger>()));
        return services.Decorate<IUserDirectory>((sp, inner) => new CachingUserDirectory(inner, sp.GetRequiredService<InvalidationLedger>(), sp.GetRequiredService<IOptions<CacheOptions>>(), sp.GetRequiredService<TimeProvider>()));
    }
}
