using Microsoft.Extensions.Logging;

namespace Gatehouse.Caching;

/// <summary>Revocation feed log lines: user names and reasons only. A user name of <c>*</c> means everyone.</summary>
internal static partial class FeedLog
{
    [LoggerMessage(EventId = LogEvents.FeedAppendFailed, EventName = nameof(LogEvents.FeedAppendFailed), Level = LogLevel.Warning, Message = "Could not announce {Reason} of user {UserName} on the revocation feed; it is sent again each second, and other instances drop their cached copy within Gatehouse:Cache:TokenTtl at worst")]
    public static partial void AppendFailed(ILogger logger, string reason, string userName, Exception exception);

    [LoggerMessage(EventId = LogEvents.FeedBacklogMerged, EventName = nameof(LogEvents.FeedBacklogMerged), Level = LogLevel.Warning, Message = "More than {Limit} revocation feed announcements are waiting: they are merged into one for everyone")]
    public static partial void BacklogMerged(ILogger logger, int limit);

    [LoggerMessage(EventId = LogEvents.FeedBacklogSent, EventName = nameof(LogEvents.FeedBacklogSent), Level = LogLevel.Information, Message = "Sent {Count} waiting revocation feed announcement(s)")]
    public static partial void BacklogSent(ILogger logger, int count);

    [LoggerMessage(EventId = LogEvents.FeedEntryApplied, EventName = nameof(LogEvents.FeedEntryApplied), Level = LogLevel.Debug, Message = "Revocation feed: dropped the cached entries of user {UserName} ({Reason}, from instance {Origin})")]
    public static partial void EntryApplied(ILogger logger, string userName, string reason, string origin);

    [LoggerMessage(EventId = LogEvents.FeedUnreadable, EventName = nameof(LogEvents.FeedUnreadable), Level = LogLevel.Warning, Message = "The revocation feed has not been read since {LastRead:o}: cached entries older than {Limit} are looked up again until it is")]
    public static partial void Unreadable(ILogger logger, DateTimeOffset lastRead, TimeSpan limit);

    [LoggerMessage(EventId = LogEvents.FeedReadAgain, EventName = nameof(LogEvents.FeedReadAgain), Level = LogLevel.Information, Message = "The revocation feed is read again; the caches are trusted again")]
    public static partial void ReadAgain(ILogger logger);

    // Debug: the storage monitor warns once per outage, and Unreadable says when it starts to matter.
    [LoggerMessage(EventId = LogEvents.FeedReadFailed, EventName = nameof(LogEvents.FeedReadFailed), Level = LogLevel.Debug, Message = "Could not read the revocation feed; the next interval retries")]
    public static partial void ReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEvents.FeedOff, EventName = nameof(LogEvents.FeedOff), Level = LogLevel.Information, Message = "The revocation feed is off (Gatehouse:Cache:FeedInterval=00:00:00): changes made by other instances are seen within Gatehouse:Cache:TokenTtl")]
    public static partial void Off(ILogger logger);

    [LoggerMessage(EventId = LogEvents.FeedServiceFailed, EventName = nameof(LogEvents.FeedServiceFailed), Level = LogLevel.Error, Message = "The revocation feed's reader failed; the next interval retries")]
    public static partial void ServiceFailed(ILogger logger, Exception exception);
}
