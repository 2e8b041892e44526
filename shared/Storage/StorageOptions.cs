using System.Text.RegularExpressions;

namespace Gatehouse.Storage;

/// <summary>
/// Table Storage settings, section <c>Gatehouse:Storage</c> (SPEC §2). Set either
/// <see cref="ConnectionString"/> (Azurite, or a storage account key) or <see cref="TableEndpoint"/>
/// (Azure, authenticated with <c>DefaultAzureCredential</c>: managed identity in Azure).
/// </summary>
public sealed partial class StorageOptions
{
    public const string SectionName = "Gatehouse:Storage";

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
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay, doubled for each next one (default 200 ms).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between retries (default 1 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request may take before it counts as failed (default 5 s).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The problems with these options, empty when they are usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && TableEndpoint is null)
        {
            yield return $"Set {SectionName}:ConnectionString (e.g. Azurite's) or {SectionName}:TableEndpoint (Azure, with DefaultAzureCredential).";
        }

        if (TableEndpoint is { IsAbsoluteUri: false })
        {
            yield return $"{SectionName}:TableEndpoint must be an absolute URI.";
        }

        if (!TablePrefixPattern().IsMatch(TablePrefix))
        {
            yield return $"{SectionName}:TablePrefix must be empty or up to 40 letters and digits starting with a letter (Azure table-name rules).";
        }

        if (MaxRetries is < 0 or > 10)
        {
            yield return $"{SectionName}:MaxRetries must be between 0 and 10.";
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            yield return $"{SectionName}:RetryDelay must not be negative nor above MaxRetryDelay.";
        }

        if (NetworkTimeout <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:NetworkTimeout must be positive.";
        }
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9]{0,39})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePrefixPattern();
}
