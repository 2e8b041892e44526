using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Gatehouse.Secrets;

/// <summary>
/// Secrets read from configuration when no Key Vault is set (SPEC §3, local runs):
/// <c>Gatehouse:Secrets:&lt;name&gt;</c>, and optionally <c>Gatehouse:Secrets:&lt;name&gt;-previous</c>
/// for a rotation in progress.
/// </summary>
internal sealed class ConfigurationSecretStoreOptions
{
    public const string Section = "Gatehouse:Secrets";

    /// <summary>The section bound: its <c>Secrets</c> child is <see cref="Secrets"/>, name → value, whatever the names.</summary>
    public const string BoundSection = "Gatehouse";

    /// <summary>The suffix of the key holding the previous value during a local rotation.</summary>
    public const string PreviousSuffix = "-previous";

    /// <summary>Configured values by secret name; configuration keys are case-insensitive, so are these.</summary>
    public Dictionary<string, string> Secrets { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Fails start-up when a configured secret could never work, naming the key (never the value). Secrets left in
/// configuration beside a vault are not read, so not judged.
/// </summary>
internal sealed class ConfigurationSecretStoreOptionsValidator(IConfiguration configuration) : IValidateOptions<ConfigurationSecretStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ConfigurationSecretStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Read raw: the vault's options have a validator of their own, which would report its failures twice.
        if (!string.IsNullOrWhiteSpace(configuration[ConfigurationPath.Combine(KeyVaultSecretStoreOptions.Section, nameof(KeyVaultSecretStoreOptions.Uri))]))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        foreach (var (key, value) in options.Secrets)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var secretName = key.EndsWith(ConfigurationSecretStoreOptions.PreviousSuffix, StringComparison.OrdinalIgnoreCase)
                ? key[..^ConfigurationSecretStoreOptions.PreviousSuffix.Length]
                : key;
            if (SecretValueRules.Check(secretName, value) is { } reason)
            {
                failures.Add($"{ConfigurationSecretStoreOptions.Section}:{key} {reason}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
