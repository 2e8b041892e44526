using Microsoft.Extensions.Options;

namespace Gatehouse.Regulation;

/// <summary>
/// <c>Gatehouse:Regulation</c> (SPEC §10, Authelia's model): <see cref="MaxRetries"/> failed password checks for
/// one login, or from one client address, within <see cref="FindTime"/> ban it for <see cref="BanTime"/>; and
/// at most <see cref="HashingConcurrency"/> password checks hash at once, with <see cref="HashingQueueLength"/>
/// more waiting, so that no flood of passwords can take the CPU from cached decisions.
/// </summary>
public sealed class RegulationOptions
{
    public const string Section = "Gatehouse:Regulation";

    internal static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(1);

    internal const int MaxRetriesLimit = 100;

    internal const int MaxHashingConcurrency = 64;

    internal const int MaxHashingQueueLength = 1024;

    internal const int LowestNice = 19;

    /// <summary>Counts failures and bans (default true). Off, password checks are still bounded by the hashing limits.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Counts and bans client addresses too, not only logins (default true). Switch it off where every request
    /// comes from a gateway Gatehouse cannot tell from its clients (no <c>Gatehouse:Network:TrustedGateways</c>
    /// entry covers it): its address would be banned, and with it every client's password sign-in.
    /// </summary>
    public bool PerAddress { get; set; } = true;

    /// <summary>Failures within <see cref="FindTime"/> that ban a login or an address (default 3).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The window failures are counted in (default 2 minutes).</summary>
    public TimeSpan FindTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a ban lasts (default 5 minutes).</summary>
    public TimeSpan BanTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Password checks hashing at once (default: the number of cores).</summary>
    public int HashingConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Password checks waiting for a hashing slot (default: twice the number of cores); beyond it, 429 at once.</summary>
    public int HashingQueueLength { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>
    /// On Linux, the nice value of the hashing threads: 0 is the priority of everything else, 19 the lowest. Above
    /// 0, a busy machine gives requests that need no hash the CPU first.
    /// </summary>
    public int HashingNice { get; set; } = 10;
}

/// <summary>Names each bad value by the key a user writes.</summary>
internal sealed class RegulationOptionsValidator : IValidateOptions<RegulationOptions>
{
    public ValidateOptionsResult Validate(string? name, RegulationOptions options)
    {
        const string Section = RegulationOptions.Section;
        var errors = new List<string>();
        if (options.MaxRetries is < 1 or > RegulationOptions.MaxRetriesLimit)
        {
            errors.Add($"{Section}:MaxRetries: must be between 1 and {RegulationOptions.MaxRetriesLimit} (switch regulation off with {Section}:Enabled=false).");
        }

        // A bare number is read as days ("5" is five days): the ceiling catches that slip.
        foreach (var (key, period) in new[] { (nameof(options.FindTime), options.FindTime), (nameof(options.BanTime), options.BanTime) })
        {
            if (period < TimeSpan.FromSeconds(1) || period > RegulationOptions.MaxPeriod)
            {
                errors.Add($"{Section}:{key}: must be between 00:00:01 and 1.00:00:00.");
            }
        }

        if (options.HashingConcurrency is < 1 or > RegulationOptions.MaxHashingConcurrency)
        {
            errors.Add($"{Section}:HashingConcurrency: must be between 1 and {RegulationOptions.MaxHashingConcurrency}.");
        }

        if (options.HashingQueueLength is < 0 or > RegulationOptions.MaxHashingQueueLength)
        {
            errors.Add($"{Section}:HashingQueueLength: must be between 0 and {RegulationOptions.MaxHashingQueueLength}.");
        }

        if (options.HashingNice is < 0 or > RegulationOptions.LowestNice)
        {
            errors.Add($"{Section}:HashingNice: must be between 0 (normal priority) and {RegulationOptions.LowestNice} (the lowest).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
