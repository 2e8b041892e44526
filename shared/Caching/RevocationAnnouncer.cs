using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Caching;

/// <summary>
/// Appends this instance's changes to the revocation feed. The change itself is already written when it is announced,
/// so a failed append does not fail it (the caller would be told "failed" about a revocation that happened, and a
/// retry would find nothing to revoke): it is counted, logged, kept, and sent again — with a fresh time, so readers'
/// windows still catch it — by <see cref="SendWaitingAsync"/> each feed interval. Until it is sent, other instances
/// drop their cached copies within <see cref="CacheOptions.TokenTtl"/>, as without a feed; a process that dies with
/// announcements waiting leaves the same bound.
/// </summary>
internal sealed class RevocationAnnouncer(IRevocationFeed feed, IOptions<CacheOptions> options, TimeProvider time, ILogger<RevocationAnnouncer> logger)
{
    /// <summary>
    /// How long one append may take. An entry becomes visible at most this long after its time, which readers'
    /// look-back (<see cref="RevocationFeedReader"/>) allows for; it also bounds what a revocation request waits.
    /// </summary>
    internal static readonly TimeSpan AppendTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Announcements kept beyond this are merged into one for everyone: an outage cannot grow memory.</summary>
    internal const int MaxWaiting = 1_000;

    private readonly bool _enabled = options.Value.FeedEnabled;
    private readonly ConcurrentQueue<(string? UserName, string Reason)> _waiting = new();
    private long _sequence;

    /// <summary>This process on the feed: random, so a restarted instance is a new one.</summary>
    public string InstanceId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public int Waiting => _waiting.Count;

    /// <summary>Appends that <paramref name="userName"/>'s (null: everyone's) cached entries are stale. Never throws.</summary>
    public async Task AnnounceAsync(string? userName, string reason)
    {
        if (_enabled && !await TryAppendAsync(userName, reason, firstAttempt: true, CancellationToken.None))
        {
            Keep(userName, reason);
        }
    }

    /// <summary>Sends the announcements whose append failed, oldest first, until one fails again.</summary>
    public async Task SendWaitingAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        while (_waiting.TryPeek(out var next))
        {
            if (!await TryAppendAsync(next.UserName, next.Reason, firstAttempt: false, cancellationToken))
            {
                break;
            }

            _waiting.TryDequeue(out _);
            sent++;
        }

        if (sent > 0)
        {
            FeedLog.BacklogSent(logger, sent);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "The change is written: whatever stops its announcement, the announcement is kept and the change stands.")]
    private async Task<bool> TryAppendAsync(string? userName, string reason, bool firstAttempt, CancellationToken cancellationToken)
    {
        var entry = RevocationEntry.Create(time.GetUtcNow(), InstanceId, Interlocked.Increment(ref _sequence), userName, reason);
        using var timeout = new CancellationTokenSource(AppendTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await feed.AppendAsync(entry, linked.Token);
            GatehouseTelemetry.Count(GatehouseTelemetry.RevocationFeed, "appended");
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            GatehouseTelemetry.Count(GatehouseTelemetry.RevocationFeed, "append-failed");
            if (firstAttempt)
            {
                // Once per announcement, not once per second of an outage.
                FeedLog.AppendFailed(logger, reason, userName ?? "*", exception);
            }

            return false;
        }
    }

    private void Keep(string? userName, string reason)
    {
        _waiting.Enqueue((userName, reason));
        if (_waiting.Count > MaxWaiting)
        {
            // Concurrent overflows may each add one: a few entries for everyone are as good as one.
            _waiting.Clear();
            _waiting.Enqueue((null, FeedReasons.Backlog));
            FeedLog.BacklogMerged(logger, MaxWaiting);
        }
    }
}
