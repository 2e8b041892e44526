using Gatehouse.Audit;
using Gatehouse.Storage;
using Gatehouse.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Housekeeping;

/// <summary>
/// One sweep of the tables that would otherwise grow for ever (SPEC §13): orphan token hash rows, bindings expired
/// beyond <see cref="HousekeepingOptions.ExpiredBindingRetention"/>, expired nonces, old revocation feed entries, audit rows
/// older than <see cref="AuditOptions.Retention"/>, expired device authorizations — at most
/// <see cref="HousekeepingOptions.MaxDeletesPerRun"/> rows per run. Whoever schedules it (a hosted loop now, a timer
/// function later) calls <see cref="RunOnceAsync"/>; a storage outage leaves as <see cref="DependencyUnavailableException"/>.
/// </summary>
internal sealed partial class Housekeeper
{
    private readonly TableProvider _tables;
    private readonly HousekeepingOptions _options;
    private readonly TokenSweeps _tokens;
    private readonly TimeSpan _auditRetention;
    private readonly TimeProvider _time;
    private readonly ILogger<Housekeeper> _logger;

    public Housekeeper(TableProvider tables, IOptions<HousekeepingOptions> options, IOptions<TokenOptions> tokenOptions, IOptions<AuditOptions> auditOptions, TimeProvider time, ILogger<Housekeeper> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokenOptions);
        ArgumentNullException.ThrowIfNull(auditOptions);
        _auditRetention = auditOptions.Value.Retention;
        _tables = tables;
        _options = options.Value;
        _tokens = new TokenSweeps(tables, tokenOptions.Value);
        _time = time;
        _logger = logger;
    }

    public async Task<HousekeepingResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var orphanCutoff = ToMilliseconds(now - _options.OrphanGracePeriod);
        var bindingCutoff = now - _options.ExpiredBindingRetention;
        var tally = new SweepTally(_options.MaxDeletesPerRun);

        // The rare kinds first, so a flood of nonces never takes their share of the run.
        var finished = await _tables.RunAsync(() => _tokens.SweepOrphansAsync(orphanCutoff, tally, cancellationToken), cancellationToken);
        finished &= await _tables.RunAsync(() => _tokens.SweepExpiredBindingsAsync(bindingCutoff, tally, cancellationToken), cancellationToken);
        finished &= await _tables.RunAsync(() => NonceSweep.RunAsync(_tables, now, tally, cancellationToken), cancellationToken);
        finished &= await _tables.RunAsync(() => RevocationFeedSweep.RunAsync(_tables, now, tally, cancellationToken), cancellationToken);
        finished &= await _tables.RunAsync(() => AuditSweep.RunAsync(_tables, now - _auditRetention, tally, cancellationToken), cancellationToken);
        finished &= await _tables.RunAsync(() => DeviceCodeSweep.RunAsync(_tables, now, tally, cancellationToken), cancellationToken);

        var result = new HousekeepingResult(tally.ExpiredNonces, tally.OrphanHashes, tally.ExpiredBindings, finished, tally.FeedEntries, tally.AuditEntries, tally.DeviceCodeRows);
        if (tally.Rows == 0)
        {
            LogNothingToDo(_logger);
        }
        else
        {
            LogSwept(_logger, result.ExpiredNonces, result.OrphanHashes, result.ExpiredBindings, bindingCutoff, result.FeedEntries, result.AuditEntries, result.DeviceCodeRows);
        }

        if (!finished)
        {
            LogStoppedAtLimit(_logger, _options.MaxDeletesPerRun);
        }

        return result;
    }

    /// <summary>Creation dates are stored to the millisecond: a cutoff with more precision could pass rows by when read back.</summary>
    private static DateTimeOffset ToMilliseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    [LoggerMessage(EventId = LogEvents.Swept, EventName = nameof(LogEvents.Swept), Level = LogLevel.Information,
        Message = "Housekeeping deleted {ExpiredNonces} expired nonce(s), {OrphanHashes} orphan token hash row(s), {ExpiredBindings} token binding(s) expired before {RetainedSince:o}, {FeedEntries} old revocation feed entry(ies), {AuditEntries} old audit row(s) and {DeviceCodeRows} expired device authorization row(s)")]
    private static partial void LogSwept(ILogger logger, int expiredNonces, int orphanHashes, int expiredBindings, DateTimeOffset retainedSince, int feedEntries, int auditEntries, int deviceCodeRows);

    [LoggerMessage(EventId = LogEvents.SweepStoppedAtLimit, EventName = nameof(LogEvents.SweepStoppedAtLimit), Level = LogLevel.Information,
        Message = "Housekeeping stopped at Gatehouse:Housekeeping:MaxDeletesPerRun ({MaxDeletesPerRun} rows); the next run goes on")]
    private static partial void LogStoppedAtLimit(ILogger logger, int maxDeletesPerRun);

    [LoggerMessage(EventId = LogEvents.SweepNothingToDo, EventName = nameof(LogEvents.SweepNothingToDo), Level = LogLevel.Debug, Message = "Housekeeping found nothing to delete")]
    private static partial void LogNothingToDo(ILogger logger);
}
