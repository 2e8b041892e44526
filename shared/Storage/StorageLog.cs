using Microsoft.Extensions.Logging;

namespace Gatehouse.Storage;

/// <summary>Storage log lines (event ids 2000–2099). Never a key value that could hold a secret.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Table {Table} is ready")]
    public static partial void TableReady(ILogger logger, string table);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Could not create table {Table}; will try again on next use")]
    public static partial void TableCreationFailed(ILogger logger, string table, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Table Storage is unavailable during {Operation}")]
    public static partial void Unavailable(ILogger logger, string operation, Exception exception);
}
