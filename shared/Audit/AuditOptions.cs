using Microsoft.Extensions.Options;

namespace Gatehouse.Audit;

/// <summary><c>Gatehouse:Audit</c>: the audit trail (SPEC §13), in Table Storage, written in the background.</summary>
public sealed class AuditOptions
{
    public const string Section = "Gatehouse:Audit";

    /// <summary>How long events are kept (default 90 days); housekeeping deletes older ones.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Events waiting to be written (default 10,000). Beyond it (storage slow or down) new events are dropped and
    /// counted, so that memory stays bounded and nothing on the request path waits.
    /// </summary>
    public int QueueLength { get; set; } = 10_000;

    /// <summary>How long stopping waits for the events still queued to be written (default 2 seconds).</summary>
    public TimeSpan DrainOnStop { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Names each bad value by its key.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Retention < TimeSpan.FromDays(1) || options.Retention > TimeSpan.FromDays(3650))
        {
            errors.Add($"{AuditOptions.Section}:Retention must be between 1.00:00:00 and 3650.00:00:00, not {options.Retention}.");
        }

        if (options.QueueLength is < 1 or > 1_000_000)
        {
            errors.Add($"{AuditOptions.Section}:QueueLength must be between 1 and 1000000.");
        }

        if (options.DrainOnStop < TimeSpan.Zero || options.DrainOnStop > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{AuditOptions.Section}:DrainOnStop must be between 00:00:00 and 00:01:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
