using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gatehouse.Secrets;

/// <summary>Registers <see cref="ISecretStore"/> (SPEC §3).</summary>
public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the secret store: Key Vault when <c>Gatehouse:KeyVault:Uri</c> is set, else configuration
    /// (<c>Gatehouse:Secrets:&lt;name&gt;</c>, with one warning at start-up). Options are validated at start.
    /// The <see cref="SecretClient"/> uses the one <see cref="TokenCredential"/> and a registered
    /// <see cref="SecretClientOptions"/> when there is one, else the SDK's defaults.
    /// </summary>
    public static IServiceCollection AddGatehouseSecrets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DependencyHealth>();
        services.TryAddAzureCredential();

        services.AddOptions<KeyVaultSecretStoreOptions>().BindConfiguration(KeyVaultSecretStoreOptions.Section).ValidateOnStart()
            .ValidateWith<KeyVaultSecretStoreOptions, KeyVaultSecretStoreOptionsValidator>();
        services.AddOptions<ConfigurationSecretStoreOptions>().BindConfiguration(ConfigurationSecretStoreOptions.BoundSection).ValidateOnStart()
            .ValidateWith<ConfigurationSecretStoreOptions, ConfigurationSecretStoreOptionsValidator>();

        services.TryAddSingleton<ISecretStore>(CreateStore);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConfigurationSecretsNotice>());
        return services;
    }

    private static ISecretStore CreateStore(IServiceProvider provider)
    {
        if (provider.GetRequiredService<IOptions<KeyVaultSecretStoreOptions>>().Value.Uri is not { } uri)
        {
            return ActivatorUtilities.CreateInstance<ConfigurationSecretStore>(provider);
        }

        var client = new SecretClient(uri, provider.GetRequiredService<TokenCredential>(), provider.GetService<SecretClientOptions>() ?? new SecretClientOptions());
        return ActivatorUtilities.CreateInstance<KeyVaultSecretStore>(provider, client);
    }
}
