using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Gatehouse.Secrets;

/// <summary>Key Vault settings (SPEC §3), section <c>Gatehouse:KeyVault</c>.</summary>
internal sealed class KeyVaultSecretStoreOptions
{
    public const string SectionName = "Gatehouse:KeyVault";

    /// <summary>The vault, e.g. <c>https://my-vault.vault.azure.net/</c>. When unset, secrets come from configuration.</summary>
    public Uri? Uri { get; set; }

    /// <summary>How long a loaded secret is served before it is re-read (in the background).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a version stays accepted after a newer version replaced it.</summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Values in configuration that could not be read; reported by the validator at start.</summary>
    internal List<string> ReadErrors { get; } = [];

    /// <summary>
    /// Reads the section by hand: the reflection binder is not trim-safe, and this way an unreadable
    /// value is reported naming its key instead of throwing from deep inside the binder.
    /// </summary>
    internal void Read(IConfigurationSection section)
    {
        if (section[nameof(Uri)] is { } uri)
        {
            if (System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
            {
                Uri = parsed;
            }
            else
            {
                ReadErrors.Add($"{SectionName}:{nameof(Uri)} '{uri}' is not an absolute URI.");
            }
        }

        RefreshInterval = ReadTimeSpan(section, nameof(RefreshInterval), RefreshInterval);
        RotationOverlap = ReadTimeSpan(section, nameof(RotationOverlap), RotationOverlap);
    }

    private TimeSpan ReadTimeSpan(IConfigurationSection section, string key, TimeSpan fallback)
    {
        if (section[key] is not { Length: > 0 } text)
        {
            return fallback;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        ReadErrors.Add($"{SectionName}:{key} '{text}' is not a time span ([d.]hh:mm:ss).");
        return fallback;
    }
}

/// <summary>Fails start-up on Key Vault settings that could never work, naming the key.</summary>
internal sealed class KeyVaultSecretStoreOptionsValidator : IValidateOptions<KeyVaultSecretStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultSecretStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>(options.ReadErrors);
        if (options.Uri is null)
        {
            failures.Add($"{KeyVaultSecretStoreOptions.SectionName}:Uri is required.");
        }
        else if (options.Uri.Scheme != Uri.UriSchemeHttps)
        {
            // The SDK sends bearer tokens over https only.
            failures.Add($"{KeyVaultSecretStoreOptions.SectionName}:Uri must be https, e.g. https://my-vault.vault.azure.net/.");
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{KeyVaultSecretStoreOptions.SectionName}:RefreshInterval must be positive, e.g. 00:05:00.");
        }

        if (options.RotationOverlap < TimeSpan.Zero)
        {
            failures.Add($"{KeyVaultSecretStoreOptions.SectionName}:RotationOverlap must not be negative, e.g. 1.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
