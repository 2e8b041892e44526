using Microsoft.Extensions.Logging;

namespace Gatehouse.Storage;

/// <summary>Storage log lines (event ids 2000–2099). Never a key value that could hold a secret. Outages are <see cref="DependencyMonitor"/>'s to log.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = LogEvents.TableReady, EventName = nameof(LogEvents.TableReady), Level = LogLevel.Information, Message = "Table {Table} is ready")]
    public static partial void TableReady(ILogger logger, string table);

    [LoggerMessage(EventId = LogEvents.TablesMissing, EventName = nameof(LogEvents.TablesMissing), Level = LogLevel.Warning, Message = "A table is missing (deleted, or storage restarted empty); every table is created again on next use")]
    public static partial void TablesMissing(ILogger logger);
}
