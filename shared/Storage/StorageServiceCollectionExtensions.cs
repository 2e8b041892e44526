using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers Table Storage (<c>Gatehouse:Storage</c>, validated at start): the service client, on the one
    /// <see cref="TokenCredential"/> when no connection string is set, and the tables the stores of the other areas
    /// use. No table is touched here: tables are created on first use.
    /// </summary>
    public static IServiceCollection AddGatehouseStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart()
            .ValidateAttributes<StorageOptions, StorageOptionsRanges>(StorageOptions.Section)
            .ValidateWith<StorageOptions, StorageOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DependencyHealth>();
        services.TryAddAzureCredential();
        services.TryAddSingleton(CreateServiceClient);
        services.TryAddSingleton<TableProvider>();
        services.TryAddSingleton<StorageProbe>();
        return services;
    }

    /// <summary>The client options: few, short retries and a bounded request time, so an outage becomes a quick 503.</summary>
    internal static TableClientOptions CreateClientOptions(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        clientOptions.AddPolicy(new StorageCallCounter(), HttpPipelinePosition.PerRetry);
        return clientOptions;
    }

    private static TableServiceClient CreateServiceClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var clientOptions = CreateClientOptions(options);
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new TableServiceClient(options.TableEndpoint, services.GetRequiredService<TokenCredential>(), clientOptions)
            : new TableServiceClient(options.ConnectionString, clientOptions);
    }
}
