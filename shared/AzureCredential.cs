using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse;

internal static class AzureCredential
{
    /// <summary>
    /// One credential for every Azure client (tables, vault): a registered <see cref="TokenCredential"/> if there is
    /// one, else <see cref="DefaultAzureCredential"/> (managed identity in Azure), created only when a client needs it.
    /// One instance caches one access token per scope instead of each client fetching its own.
    /// </summary>
    public static IServiceCollection TryAddAzureCredential(this IServiceCollection services)
    {
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        return services;
    }
}
