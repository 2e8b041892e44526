using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Gatehouse.Secrets;

/// <summary>
/// Serves secrets from configuration when no Key Vault is set (SPEC §3, local runs). The current value
/// has version <see cref="CurrentVersion"/>; a <c>&lt;name&gt;-previous</c> value is accepted as
/// <see cref="PreviousVersion"/>. A secret that is not configured fails only the features needing it.
/// </summary>
internal sealed class ConfigurationSecretStore : ISecretStore
{
    public const string CurrentVersion = "config";
    public const string PreviousVersion = "config-previous";

    private readonly FrozenDictionary<string, SecretSet> _secrets;

    public ConfigurationSecretStore(IOptions<ConfigurationSecretStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var values = options.Value.Secrets;
        var secrets = new Dictionary<string, SecretSet>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in values)
        {
            if (string.IsNullOrEmpty(value) || name.EndsWith(ConfigurationSecretStoreOptions.PreviousSuffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            IReadOnlyList<SecretVersion> previous =
                values.TryGetValue(name + ConfigurationSecretStoreOptions.PreviousSuffix, out var old) && !string.IsNullOrEmpty(old)
                    ? [new SecretVersion(PreviousVersion, old)]
                    : [];
            secrets[name] = new SecretSet(new SecretVersion(CurrentVersion, value), previous);
        }

        _secrets = secrets.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public ValueTask<SecretSet> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        cancellationToken.ThrowIfCancellationRequested();

        return _secrets.TryGetValue(name, out var set)
            ? ValueTask.FromResult(set)
            : ValueTask.FromException<SecretSet>(new DependencyUnavailableException(
                $"Secret '{name}' is not configured: set {ConfigurationSecretStoreOptions.Section}:{name}, or Gatehouse:KeyVault:Uri.")
            {
                Dependency = "secrets",
            });
    }
}
