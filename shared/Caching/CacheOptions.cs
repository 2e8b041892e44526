using Microsoft.Extensions.Options;

namespace Gatehouse.Caching;

/// <summary>
/// Hot-path caches in front of the token service and the user directory, bound from <c>Gatehouse:Cache</c>.
/// Changes made through this instance take effect at once; changes made by another instance (revocation, a new
/// password, disabling a user) arrive through the revocation feed within about two <see cref="FeedInterval"/>s, and
/// within <see cref="FeedOutageLimit"/> while the feed cannot be read. With the feed off they are seen within
/// <see cref="TokenTtl"/> at worst — hence its 5-minute ceiling. <c>00:00:00</c> switches a cache off.
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

    /// <summary>How often the revocation feed is read (one range query each); <c>00:00:00</c>: no feed (a single instance).</summary>
    public TimeSpan FeedInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far the instances' clocks may disagree: each read looks back this much more (entries are deduplicated).</summary>
    public TimeSpan FeedMaxClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the feed may go unread before the caches stop trusting what they hold: from then on, entries older than
    /// this are looked up again (during a storage outage: 503, not a revoked token allowed).
    /// </summary>
    public TimeSpan FeedOutageLimit { get; set; } = TimeSpan.FromSeconds(10);

    internal bool FeedEnabled => FeedInterval > TimeSpan.Zero;
}

/// <summary>
/// Names each bad value by its key. Hand-written: <c>[Range]</c> over <see cref="TimeSpan"/> goes through a type
/// converter that trimming may remove, so the generated validator cannot take it.
/// </summary>
internal sealed class CacheOptionsValidator : IValidateOptions<CacheOptions>
{
    private static readonly TimeSpan MaxTtl = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinFeedInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxFeedInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(1);

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

        if (options.FeedInterval != TimeSpan.Zero && (options.FeedInterval < MinFeedInterval || options.FeedInterval > MaxFeedInterval))
        {
            errors.Add($"{CacheOptions.Section}:FeedInterval: must be 00:00:00 (no feed) or between 00:00:00.1 and 00:00:10.");
        }

        if (options.FeedMaxClockSkew < TimeSpan.Zero || options.FeedMaxClockSkew > MaxClockSkew)
        {
            errors.Add($"{CacheOptions.Section}:FeedMaxClockSkew: must be between 00:00:00 and 00:01:00.");
        }

        // Below two intervals, one slow read would already distrust every cache.
        if (options.FeedOutageLimit < 2 * options.FeedInterval || options.FeedOutageLimit > MaxTtl)
        {
            errors.Add($"{CacheOptions.Section}:FeedOutageLimit: must be at least twice FeedInterval and at most 00:05:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
