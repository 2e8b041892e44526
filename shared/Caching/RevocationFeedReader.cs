using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Caching;

/// <summary>
/// One read of the revocation feed per call (<see cref="RevocationFeedService"/> calls it each
/// <see cref="CacheOptions.FeedInterval"/>): the entries other instances appended since the last successful read
/// invalidate their users in this instance's <see cref="InvalidationLedger"/>.
/// <list type="bullet">
/// <item><b>Clock skew and slow appends.</b> Entries carry their writer's clock and become visible up to
/// <see cref="RevocationAnnouncer.AppendTimeout"/> after it, so each read starts that much plus
/// <see cref="CacheOptions.FeedMaxClockSkew"/> before the previous one started, and reaches that far past now.
/// Entries read twice are recognised by id.</item>
/// <item><b>Fail safe.</b> While the feed cannot be read for longer than <see cref="CacheOptions.FeedOutageLimit"/>,
/// cached entries older than that limit are not trusted: an unseen revocation stays cached no longer than that, and
/// a storage outage then answers 503 rather than a revoked token allowed. The next successful read looks back only
/// as far as the caches still trust, so catching up after a long outage costs no more than an ordinary read.</item>
/// </list>
/// Not thread-safe: one caller at a time.
/// </summary>
internal sealed class RevocationFeedReader
{
    /// <summary>A read that takes longer is given up (and counts as failed): a hung request must not delay the fail-safe.</summary>
    internal static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private readonly IRevocationFeed _feed;
    private readonly InvalidationLedger _ledger;
    private readonly string _instanceId;
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RevocationFeedReader> _logger;
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TimeSpan _lookBack;

    /// <summary>Since when everything announced is known here: the start of the last successful read (at first, of the process).</summary>
    private DateTimeOffset _knownSince;

    /// <summary>Entries stored before this are not trusted (the fail-safe has moved it); the next read need not look further back.</summary>
    private DateTimeOffset _distrustedBefore = DateTimeOffset.MinValue;

    private bool _unreadable;

    public RevocationFeedReader(IRevocationFeed feed, InvalidationLedger ledger, RevocationAnnouncer announcer, IOptions<CacheOptions> options, TimeProvider time, ILogger<RevocationFeedReader> logger)
    {
        ArgumentNullException.ThrowIfNull(announcer);
        ArgumentNullException.ThrowIfNull(options);
        _feed = feed;
        _ledger = ledger;
        _instanceId = announcer.InstanceId;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _lookBack = _options.FeedMaxClockSkew + RevocationAnnouncer.AppendTimeout;

        // Nothing is cached before the process starts.
        _knownSince = time.GetUtcNow();
    }

    /// <summary>Reads the feed once and applies what other instances announced; false when it could not be read.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Whatever stops a read, the fail-safe must still run and the next interval retry.")]
    public async Task<bool> ReadOnceAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetUtcNow();
        var since = (_knownSince > _distrustedBefore ? _knownSince : _distrustedBefore) - _lookBack;
        IReadOnlyList<RevocationEntry> entries;
        try
        {
            using var timeout = new CancellationTokenSource(ReadTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            entries = await _feed.ReadAsync(since, started + _lookBack, linked.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            GatehouseTelemetry.Count(GatehouseTelemetry.RevocationFeed, "read-failed");
            FeedLog.ReadFailed(_logger, exception);
            DistrustIfTooLong(_time.GetUtcNow());
            return false;
        }

        foreach (var entry in entries)
        {
            if (_seen.TryAdd(entry.Id, entry.At) && entry.Origin != _instanceId)
            {
                Apply(entry);
            }
        }

        // Ids older than the next read's window cannot come again.
        foreach (var (id, at) in _seen)
        {
            if (at < since)
            {
                _seen.Remove(id);
            }
        }

        _knownSince = started;
        if (_unreadable)
        {
            _unreadable = false;
            FeedLog.ReadAgain(_logger);
        }

        return true;
    }

    private void Apply(RevocationEntry entry)
    {
        if (entry.UserName is { } user)
        {
            _ledger.Invalidate(user);
        }
        else
        {
            _ledger.InvalidateEveryone();
        }

        GatehouseTelemetry.Count(GatehouseTelemetry.RevocationFeed, "applied");
        FeedLog.EntryApplied(_logger, entry.UserName ?? "*", entry.Reason, entry.Origin);
    }

    private void DistrustIfTooLong(DateTimeOffset now)
    {
        if (now - _knownSince <= _options.FeedOutageLimit)
        {
            return;
        }

        _distrustedBefore = now - _options.FeedOutageLimit;
        _ledger.DistrustBefore(_distrustedBefore);
        if (!_unreadable)
        {
            _unreadable = true;
            FeedLog.Unreadable(_logger, _knownSince, _options.FeedOutageLimit);
        }
    }
}
