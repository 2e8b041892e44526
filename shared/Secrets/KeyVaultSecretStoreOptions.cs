using Microsoft.Extensions.Options;

namespace Gatehouse.Secrets;

/// <summary>Key Vault settings (SPEC §3), section <c>Gatehouse:KeyVault</c>.</summary>
internal sealed class KeyVaultSecretStoreOptions
{
    public const string Section = "Gatehouse:KeyVault";

    /// <summary>The vault, e.g. <c>https://my-vault.vault.azure.net/</c>. When unset, secrets come from configuration (<see cref="ConfigurationSecretStore"/>).</summary>
    public Uri? Uri { get; set; }

    /// <summary>How long a loaded secret is served before it is re-read (in the background).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a version stays accepted after a newer version replaced it.</summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>Fails start-up on Key Vault settings that could never work, naming the key.</summary>
internal sealed class KeyVaultSecretStoreOptionsValidator : IValidateOptions<KeyVaultSecretStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultSecretStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (options.Uri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            // The SDK sends bearer tokens over https only.
            failures.Add($"{KeyVaultSecretStoreOptions.Section}:Uri must be an https URI, e.g. https://my-vault.vault.azure.net/.");
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{KeyVaultSecretStoreOptions.Section}:RefreshInterval must be positive, e.g. 00:05:00.");
        }

        if (options.RotationOverlap < TimeSpan.Zero)
        {
            failures.Add($"{KeyVaultSecretStoreOptions.Section}:RotationOverlap must not be negative, e.g. 1.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
