using Microsoft.Extensions.Logging;

namespace Gatehouse.Audit;

/// <summary>Audit trail log lines: counts, event types and reasons only, never an event's content.</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = LogEvents.AuditDropped, EventName = nameof(LogEvents.AuditDropped), Level = LogLevel.Warning,
        Message = "Dropped {Count} audit event(s) (first: {Type}) because {Reason}; counted on gatehouse.audit.events, not warned again until writing works")]
    public static partial void Dropped(ILogger logger, int count, string type, string reason, Exception? exception);

    // Debug: the storage monitor warns once per outage, and Dropped says what was lost.
    [LoggerMessage(EventId = LogEvents.AuditWriteFailed, EventName = nameof(LogEvents.AuditWriteFailed), Level = LogLevel.Debug, Message = "Could not write {Count} audit event(s)")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);
}
