using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gatehouse;

/// <summary>
/// Whether each dependency (Table Storage, Key Vault) answers, as the code calling it sees it. An outage
/// is logged once when it starts, with its cause, and once when it ends, with how many failures were
/// counted in between instead of logged: a dependency that is down for every request must not write a
/// stack trace per request.
/// </summary>
internal sealed class DependencyHealth(TimeProvider time, ILogger<DependencyHealth> logger)
{
    private readonly ConcurrentDictionary<string, DependencyMonitor> _dependencies = new(StringComparer.Ordinal);

    /// <summary>The monitor of <paramref name="dependency"/> (e.g. <c>storage</c>); callers keep it, so reporting needs no lookup.</summary>
    public DependencyMonitor For(string dependency) =>
        _dependencies.GetOrAdd(dependency, name => new DependencyMonitor(name, time, logger));
}

/// <summary>One dependency's state: available until a failure says otherwise, until the next answer.</summary>
internal sealed partial class DependencyMonitor
{
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private volatile bool _unavailable;
    private long _unlogged;
    private DateTimeOffset _since;

    internal DependencyMonitor(string name, TimeProvider time, ILogger logger)
    {
        _name = name;
        _time = time;
        _logger = logger;
    }

    /// <summary>True between a failure and the next answer.</summary>
    public bool IsUnavailable => _unavailable;

    /// <summary>The dependency failed to answer: logged when it was available until now, else counted.</summary>
    public void Failed(Exception exception)
    {
        lock (_gate)
        {
            if (_unavailable)
            {
                _unlogged++;
                return;
            }

            _unavailable = true;
            _unlogged = 0;
            _since = _time.GetUtcNow();
        }

        GatehouseTelemetry.Outages.Add(1, GatehouseTelemetry.Tag("dependency", _name));
        LogUnavailable(_logger, _name, exception);
    }

    /// <summary>The dependency answered. Called on every successful call, so the usual case is one volatile read.</summary>
    public void Answered()
    {
        if (!_unavailable)
        {
            return;
        }

        long unlogged;
        TimeSpan duration;
        lock (_gate)
        {
            if (!_unavailable)
            {
                return;
            }

            _unavailable = false;
            unlogged = _unlogged;
            duration = _time.GetUtcNow() - _since;
        }

        LogAvailable(_logger, _name, duration, unlogged);
    }

    [LoggerMessage(EventId = LogEvents.DependencyDown, EventName = nameof(LogEvents.DependencyDown), Level = LogLevel.Warning,
        Message = "{Dependency} is unavailable; requests needing it answer 503, and further failures are counted, not logged, until it answers again")]
    private static partial void LogUnavailable(ILogger logger, string dependency, Exception exception);

    [LoggerMessage(EventId = LogEvents.DependencyBack, EventName = nameof(LogEvents.DependencyBack), Level = LogLevel.Information,
        Message = "{Dependency} is available again after {Duration}; {Unlogged} more failure(s) during the outage were not logged")]
    private static partial void LogAvailable(ILogger logger, string dependency, TimeSpan duration, long unlogged);
}
