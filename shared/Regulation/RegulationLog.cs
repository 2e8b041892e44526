using Microsoft.Extensions.Logging;

namespace Gatehouse.Regulation;

/// <summary>Regulation log lines (event ids 2400–2499). Logins and addresses, never a password.</summary>
internal static partial class RegulationLog
{
    [LoggerMessage(EventId = LogEvents.Banned, EventName = nameof(LogEvents.Banned), Level = LogLevel.Warning, Message = "Banned {Subject} until {Until:u}: {Failures} failed password or second-factor checks within {FindTime}")]
    public static partial void Banned(ILogger logger, string subject, DateTimeOffset until, int failures, TimeSpan findTime);
}
