using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
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
    /// The <see cref="SecretClient"/> uses a registered <see cref="TokenCredential"/> and
    /// <see cref="SecretClientOptions"/> when there are any, else <see cref="DefaultAzureCredential"/>
    /// (managed identity in Azure) and the SDK's defaults.
    /// </summary>
    public static IServiceCollection AddGatehouseSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DependencyHealth>();

        var vault = configuration.GetSection(KeyVaultSecretStoreOptions.SectionName);
        if (string.IsNullOrWhiteSpace(vault[nameof(KeyVaultSecretStoreOptions.Uri)]))
        {
            AddConfigurationStore(services, configuration.GetSection(ConfigurationSecretStoreOptions.SectionName));
        }
        else
        {
            AddKeyVaultStore(services, vault);
        }

        return services;
    }

    private static void AddConfigurationStore(IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<ConfigurationSecretStoreOptions>()
            .Configure(options =>
            {
                foreach (var secret in section.GetChildren())
                {
                    if (secret.Value is { } value)
                    {
                        options.Values[secret.Key] = value;
                    }
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConfigurationSecretStoreOptions>, ConfigurationSecretStoreOptionsValidator>());
        services.TryAddSingleton<ISecretStore, ConfigurationSecretStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConfigurationSecretsNotice>());
    }

    private static void AddKeyVaultStore(IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<KeyVaultSecretStoreOptions>()
            .Configure(options => options.Read(section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyVaultSecretStoreOptions>, KeyVaultSecretStoreOptionsValidator>());
        services.TryAddSingleton(provider => new SecretClient(
            provider.GetRequiredService<IOptions<KeyVaultSecretStoreOptions>>().Value.Uri!,
            provider.GetService<TokenCredential>() ?? new DefaultAzureCredential(),
            provider.GetService<SecretClientOptions>() ?? new SecretClientOptions()));
        services.TryAddSingleton<ISecretStore, KeyVaultSecretStore>();
    }
}
