using Gatehouse.Housekeeping;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Triggers;

/// <summary>
/// The sweeps of SPEC §13 under the Functions host: every hour at minute 17 (NCRONTAB, the form Flex Consumption
/// accepts; a fixed minute keeps the host's schedule monitor from firing every instance at once). Standalone, the
/// same sweep runs from <see cref="Hosting.HousekeepingService"/> on <c>Gatehouse:Housekeeping:Interval</c>.
/// </summary>
internal sealed partial class HousekeepingFunction(Housekeeper housekeeper, IOptions<HousekeepingOptions> options, ILogger<HousekeepingFunction> logger)
{
    public const string Schedule = "0 17 * * * *";

    [Function("housekeeping")]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        try
        {
            await housekeeper.RunOnceAsync(cancellationToken);
        }
        catch (DependencyUnavailableException exception)
        {
            // The dependency's monitor has warned; the next occurrence retries.
            LogDeferred(logger, exception.Dependency);
        }
    }

    [LoggerMessage(EventId = LogEvents.TimerSweepDisabled, EventName = nameof(LogEvents.TimerSweepDisabled), Level = LogLevel.Information, Message = "Housekeeping is off (Gatehouse:Housekeeping:Enabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = LogEvents.TimerSweepDeferred, EventName = nameof(LogEvents.TimerSweepDeferred), Level = LogLevel.Debug, Message = "Housekeeping deferred: {Dependency} is unavailable; the next occurrence retries")]
    private static partial void LogDeferred(ILogger logger, string dependency);
}
