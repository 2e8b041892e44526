using Microsoft.Extensions.Options;

namespace Gatehouse.Caching;

/// <summary>
/// Hot-path caches in front of the token service and the user directory, bound from <c>Gatehouse:Cache</c>.
/// Changes made through this instance take effect at once; changes made by another instance (revocation,
/// disabling a user) are seen within <see cref="TokenTtl"/> at worst — hence its 5-minute ceiling.
/// <c>00:00:00</c> switches a cache off.
/// </summary>
public sealed class CacheOptions
{
    public const string Section = "Gatehouse:Cache";

    /// <summary>How long a token decision and a user record are reused.</summary>
    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long "unknown token" / "no such user" is reused, so floods of them cost one storage read.</summary>
    public TimeSpan NegativeTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a verified (login, password) pair skips password hashing.</summary>
    public TimeSpan CredentialTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Entries per cache; the oldest are compacted beyond it.</summary>
    public int MaxEntries { get; set; } = 20_000;

}

/// <summary>
/// Names each bad value by its key. Hand-written: <c>[Range]</c> over <see cref="TimeSpan"/> goes through a type
/// converter that trimming may remove, so the generated validator cannot take it.
/// </summary>
internal sealed class CacheOptionsValidator : IValidateOptions<CacheOptions>
{
    private static readonly TimeSpan MaxTtl = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, CacheOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, ttl) in new[] { (nameof(options.TokenTtl), options.TokenTtl), (nameof(options.NegativeTtl), options.NegativeTtl), (nameof(options.CredentialTtl), options.CredentialTtl) })
        {
            if (ttl < TimeSpan.Zero || ttl > MaxTtl)
            {
                errors.Add($"{CacheOptions.Section}:{key}: must be between 00:00:00 and 00:05:00.");
            }
        }

        if (options.MaxEntries < 1)
        {
            errors.Add($"{CacheOptions.Section}:MaxEntries: must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
