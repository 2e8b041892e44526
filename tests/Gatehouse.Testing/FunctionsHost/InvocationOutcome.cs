namespace Gatehouse.Testing.FunctionsHost;

/// <summary>The worker's StatusResult for an invocation.</summary>
public enum InvocationStatus
{
    Failure,
    Success,
    Cancelled,
}

/// <summary>What the worker answered to one InvocationRequest the double sent on its own (a timer tick).</summary>
/// <param name="InvocationId">The id the double gave the invocation.</param>
/// <param name="Status">Success, Failure or Cancelled, as the worker reported it.</param>
/// <param name="ReturnValueJson">The function's return value when the worker sent one as JSON.</param>
/// <param name="Exception">The worker's exception type and message on failure.</param>
/// <param name="Logs">The RpcLog messages the worker tagged with this invocation, in arrival order.</param>
/// <param name="Duration">From sending the request to the worker's response.</param>
public sealed record InvocationOutcome(
    string InvocationId,
    InvocationStatus Status,
    string? ReturnValueJson,
    string? Exception,
    IReadOnlyList<string> Logs,
    TimeSpan Duration);

/// <summary>
/// A timer occurrence as the host's timer listener passes it: the trigger's <c>TimerInfo</c>.
/// </summary>
/// <param name="IsPastDue">True when the host fires a missed occurrence late (after a restart).</param>
/// <param name="ScheduleStatus">The schedule monitor's record; null when the timer does not use one.</param>
public sealed record TimerTick(bool IsPastDue = false, TimerScheduleStatus? ScheduleStatus = null);

/// <summary>The schedule monitor's record of a timer: last and next occurrence, and when it was written.</summary>
public sealed record TimerScheduleStatus(DateTime Last, DateTime Next, DateTime LastUpdated);

/// <summary>How the worker process ended when the double stopped it.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="TimeToExit">From sending WorkerTerminate to the process gone.</param>
/// <param name="Killed">True when it outlived the grace period and its process tree was killed.</param>
public sealed record WorkerExit(int ExitCode, TimeSpan TimeToExit, bool Killed);

/// <summary>One control message on the gRPC stream (invocations and logs are not recorded: they are too many).</summary>
/// <param name="FromWorker">True for worker → host.</param>
/// <param name="Kind">The StreamingMessage content, e.g. <c>StartStream</c>, <c>FunctionLoadRequest</c>.</param>
public sealed record ControlMessage(bool FromWorker, string Kind)
{
    public override string ToString() => (FromWorker ? "worker→host " : "host→worker ") + Kind;
}
