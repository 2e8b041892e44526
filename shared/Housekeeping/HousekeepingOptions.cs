using Microsoft.Extensions.Options;

namespace Gatehouse.Housekeeping;

/// <summary>
/// <c>Gatehouse:Housekeeping</c> (SPEC §13): the sweep that keeps tables from growing for ever — expired nonces,
/// token hash rows no binding holds, and bindings expired long ago. Durations are <c>TimeSpan</c> text
/// (<c>01:00:00</c>, or <c>30</c> for days).
/// </summary>
public sealed class HousekeepingOptions
{
    public const string Section = "Gatehouse:Housekeeping";

    /// <summary>Whether this app sweeps at all (default true). Turn it off where another instance or a timer function sweeps.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two sweeps (default 1 hour); the first comes a random part of one interval after start-up.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an expired binding stays listed (as expired) before it is deleted (default 30 days; 0 = at once).</summary>
    public TimeSpan ExpiredBindingRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How old a token hash row with no binding must be before it counts as an orphan (default 1 hour): a handshake
    /// writes the hash row first and the binding row after, so a younger one may belong to a handshake in flight.
    /// </summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most rows one sweep deletes (default 10,000); what is left waits for the next sweep.</summary>
    public int MaxDeletesPerRun { get; set; } = 10_000;
}

/// <summary>Refuses settings that would sweep too eagerly or never, naming each key as it is written in configuration.</summary>
internal sealed class HousekeepingOptionsValidator : IValidateOptions<HousekeepingOptions>
{
    /// <summary>The shortest grace period: the storage client's own retries can stretch one handshake over tens of seconds.</summary>
    internal static readonly TimeSpan MinimumOrphanGracePeriod = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, HousekeepingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > MaximumInterval)
        {
            errors.Add($"{HousekeepingOptions.Section}:Interval must be between 00:00:01 and 7.00:00:00, not {options.Interval}.");
        }

        if (options.ExpiredBindingRetention < TimeSpan.Zero)
        {
            errors.Add($"{HousekeepingOptions.Section}:ExpiredBindingRetention must not be negative.");
        }

        if (options.OrphanGracePeriod < MinimumOrphanGracePeriod)
        {
            errors.Add($"{HousekeepingOptions.Section}:OrphanGracePeriod must be at least 00:01:00, so a handshake in flight is never swept.");
        }

        if (options.MaxDeletesPerRun is < 1 or > 1_000_000)
        {
            errors.Add($"{HousekeepingOptions.Section}:MaxDeletesPerRun must be between 1 and 1000000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
