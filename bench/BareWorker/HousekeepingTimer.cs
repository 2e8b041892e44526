using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Bench.BareWorker;

/// <summary>A timer trigger the host double can invoke on demand, as the host's timer listener would on schedule.</summary>
public static partial class HousekeepingTimer
{
    [Function("housekeeping")]
    public static void Run([TimerTrigger("0 0 3 * * *")] TimerInfo timer, FunctionContext context)
    {
        var logger = context.GetLogger("BareWorker.Housekeeping");
        LogTick(logger, timer.IsPastDue, timer.ScheduleStatus?.Last, timer.ScheduleStatus?.Next);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Housekeeping timer fired: past due {IsPastDue}, last {Last:o}, next {Next:o}")]
    private static partial void LogTick(ILogger logger, bool isPastDue, DateTime? last, DateTime? next);
}
