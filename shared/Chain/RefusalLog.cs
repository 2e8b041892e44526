using System.Net;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Chain;

/// <summary>
/// One Information line per refused request, naming the plugin, the login it claimed (never the password),
/// the client address and the reason. A flood must not choose our log volume: at most <see cref="Burst"/>
/// lines are written per <see cref="Window"/>; the rest are counted, and one line per window says how many.
/// </summary>
internal sealed partial class RefusalLog : IDisposable
{
    public const int Burst = 20;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(WindowSeconds);

    private const int WindowSeconds = 10;

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ITimer _flush;
    private long _windowStart;
    private int _written;
    private int _suppressed;

    public RefusalLog(ILogger<AuthenticationChain> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        _windowStart = time.GetTimestamp();
        _flush = time.CreateTimer(_ => Flush(), null, Window, Window);
    }

    public void CredentialRefused(string plugin, string reason, string? login, IPAddress? client, string chain)
    {
        if (Admit())
        {
            var address = Describe(client);
            LogCredentialRefused(_logger, plugin, login ?? "-", address, reason, chain);
        }
    }

    public void Throttled(string plugin, string reason, string? login, IPAddress? client, TimeSpan retryAfter)
    {
        if (Admit())
        {
            var (address, seconds) = (Describe(client), (long)Math.Ceiling(retryAfter.TotalSeconds));
            LogThrottled(_logger, plugin, login ?? "-", address, reason, seconds);
        }
    }

    public void UserRefused(string plugin, string user, IPAddress? client, string reason)
    {
        if (Admit())
        {
            var address = Describe(client);
            LogUserRefused(_logger, plugin, user, address, reason);
        }
    }

    public void Forbidden(string plugin, string user, IPAddress? client, string reason, string method)
    {
        if (Admit())
        {
            var address = Describe(client);
            LogForbidden(_logger, plugin, user, address, reason, method);
        }
    }

    public void Dispose() => _flush.Dispose();

    private bool Admit()
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return false;
        }

        lock (_gate)
        {
            RollWindow();
            if (_written < Burst)
            {
                _written++;
                return true;
            }

            _suppressed++;
            return false;
        }
    }

    private void Flush()
    {
        lock (_gate)
        {
            RollWindow();
        }
    }

    /// <summary>Starts a new window once the current one is over, first reporting what it suppressed.</summary>
    private void RollWindow()
    {
        if (_time.GetElapsedTime(_windowStart) < Window)
        {
            return;
        }

        if (_suppressed > 0)
        {
            LogSuppressed(_logger, _suppressed, WindowSeconds);
        }

        _windowStart = _time.GetTimestamp();
        _written = 0;
        _suppressed = 0;
    }

    private static string Describe(IPAddress? client) => client?.ToString() ?? "unknown";

    [LoggerMessage(EventId = LogEvents.CredentialRefused, EventName = nameof(LogEvents.CredentialRefused), Level = LogLevel.Information, Message = "{Plugin} refused the credential of {Login} from {Client}: {Reason} (chain {Chain})")]
    private static partial void LogCredentialRefused(ILogger logger, string plugin, string login, string client, string reason, string chain);

    [LoggerMessage(EventId = LogEvents.UserRefused, EventName = nameof(LogEvents.UserRefused), Level = LogLevel.Information, Message = "{Plugin} vouched for {User} from {Client}, refused: {Reason}")]
    private static partial void LogUserRefused(ILogger logger, string plugin, string user, string client, string reason);

    [LoggerMessage(EventId = LogEvents.Forbidden, EventName = nameof(LogEvents.Forbidden), Level = LogLevel.Information, Message = "{Plugin} authenticated {User} from {Client}, forbidden: {Reason} ({Method})")]
    private static partial void LogForbidden(ILogger logger, string plugin, string user, string client, string reason, string method);

    [LoggerMessage(EventId = LogEvents.Throttled, EventName = nameof(LogEvents.Throttled), Level = LogLevel.Information, Message = "{Plugin} did not check the credential of {Login} from {Client}: {Reason}; retry after {RetryAfterSeconds} s")]
    private static partial void LogThrottled(ILogger logger, string plugin, string login, string client, string reason, long retryAfterSeconds);

    [LoggerMessage(EventId = LogEvents.RefusalsSuppressed, EventName = nameof(LogEvents.RefusalsSuppressed), Level = LogLevel.Information, Message = "{Count} more refusals in the last {WindowSeconds} s were not logged one by one")]
    private static partial void LogSuppressed(ILogger logger, int count, int windowSeconds);
}
