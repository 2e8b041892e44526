using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Gatehouse.Housekeeping;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// Standalone, runs <see cref="Housekeeper.RunOnceAsync"/> every <see cref="HousekeepingOptions.Interval"/> (under the
/// Functions host the timer-triggered <c>housekeeping</c> function does the job). The first run comes a random part of one interval after start-up: start-up and
/// readiness never wait for it, and instances started together do not sweep together. A failed run waits for the next
/// interval; the storage monitor has already said what is down.
/// </summary>
internal sealed partial class HousekeepingService(Housekeeper housekeeper, IOptions<HousekeepingOptions> options, TimeProvider time, ILogger<HousekeepingService> logger)
    : BackgroundService
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A sweep that fails for any reason is tried again next interval; the loop must outlive it.")]
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var delay = TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32((int)Math.Min(settings.Interval.TotalMilliseconds, int.MaxValue)));
        try
        {
            while (true)
            {
                await Task.Delay(delay, time, stoppingToken);
                delay = settings.Interval;
                try
                {
                    await housekeeper.RunOnceAsync(stoppingToken);
                }
                catch (DependencyUnavailableException exception)
                {
                    LogDeferred(logger, exception.Dependency);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(EventId = LogEvents.StandaloneSweepDisabled, EventName = nameof(LogEvents.StandaloneSweepDisabled), Level = LogLevel.Information, Message = "Housekeeping is off (Gatehouse:Housekeeping:Enabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    // Debug: the dependency's monitor warns once per outage.
    [LoggerMessage(EventId = LogEvents.StandaloneSweepDeferred, EventName = nameof(LogEvents.StandaloneSweepDeferred), Level = LogLevel.Debug, Message = "Housekeeping deferred: {Dependency} is unavailable; the next interval retries")]
    private static partial void LogDeferred(ILogger logger, string dependency);

    [LoggerMessage(EventId = LogEvents.SweepFailed, EventName = nameof(LogEvents.SweepFailed), Level = LogLevel.Error, Message = "Housekeeping failed; the next interval retries")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
