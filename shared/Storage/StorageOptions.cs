using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Storage;

/// <summary>
/// Table Storage settings, section <c>Gatehouse:Storage</c> (SPEC §2). Set either
/// <see cref="ConnectionString"/> (Azurite, or a storage account key) or <see cref="TableEndpoint"/>
/// (Azure, authenticated with <c>DefaultAzureCredential</c>: managed identity in Azure).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Gatehouse:Storage";

    /// <summary>A storage connection string, e.g. Azurite's. Wins over <see cref="TableEndpoint"/> when both are set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table endpoint, e.g. <c>https://account.table.core.windows.net</c>, used with <c>DefaultAzureCredential</c>.</summary>
    public Uri? TableEndpoint { get; set; }

    /// <summary>Prepended to every table name, so tests or several deployments can share an account. Letters and digits, starting with a letter; default empty.</summary>
    public string TablePrefix { get; set; } = string.Empty;

    /// <summary>
    /// Retries after a failed request (default 2). Kept low on purpose: an authorizer must answer 503
    /// within a gateway's timeout when storage is down, not retry for a minute.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay, doubled for each next one (default 200 ms).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between retries (default 1 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request may take before it counts as failed (default 5 s).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Checks the ranges above with generated code.</summary>
[OptionsValidator]
internal sealed partial class StorageOptionsRanges : IValidateOptions<StorageOptions>;

/// <summary>The rules between values: where the tables are, and names Azure accepts.</summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private const string Section = StorageOptions.Section;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.TableEndpoint is null)
        {
            errors.Add($"Set {Section}:ConnectionString (e.g. Azurite's) or {Section}:TableEndpoint (Azure, with DefaultAzureCredential).");
        }

        if (options.TableEndpoint is { IsAbsoluteUri: false })
        {
            errors.Add($"{Section}:TableEndpoint must be an absolute URI.");
        }

        if (!TablePrefixPattern().IsMatch(options.TablePrefix))
        {
            errors.Add($"{Section}:TablePrefix must be empty or up to 40 letters and digits starting with a letter (Azure table-name rules).");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"{Section}:RetryDelay must not be negative nor above MaxRetryDelay.");
        }

        if (options.NetworkTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:NetworkTimeout must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9]{0,39})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePrefixPattern();
}
