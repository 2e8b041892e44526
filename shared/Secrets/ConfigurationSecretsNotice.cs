using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Secrets;

/// <summary>Says once, at start-up, that secrets come from configuration: fine locally, wrong in Azure.</summary>
internal sealed partial class ConfigurationSecretsNotice(IOptions<KeyVaultSecretStoreOptions> vault, ILogger<ConfigurationSecretStore> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (vault.Value.Uri is null)
        {
            LogSecretsFromConfiguration(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = LogEvents.SecretsFromConfiguration, EventName = nameof(LogEvents.SecretsFromConfiguration), Level = LogLevel.Warning,
        Message = "Secrets come from configuration (Gatehouse:Secrets), not Key Vault: Gatehouse:KeyVault:Uri is not set. Use this for local runs only.")]
    private static partial void LogSecretsFromConfiguration(ILogger logger);
}
