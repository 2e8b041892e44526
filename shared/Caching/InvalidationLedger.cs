using System.Collections.Concurrent;

namespace Gatehouse.Caching;

/// <summary>
/// Makes a change (revocation, disabling a user, a new password) win over the caches: one per instance, shared by
/// the token and the user caches, so a user's stamp covers their tokens, verified credentials and record alike.
/// Every cached entry carries the stamp its user had when it was stored; invalidating a user gives it a new stamp,
/// so all of that user's entries stop matching without being looked for. Invalidating everyone moves a stamp every
/// user's counts from. The generation guards loads that were already running when a change happened: they are not
/// stored. Changes made here are announced on the revocation feed; the feed's reader invalidates what other
/// instances announced, and while it cannot read, <see cref="IsTrusted"/> ages entries out (SPEC §13).
/// </summary>
internal sealed class InvalidationLedger(RevocationAnnouncer announcer)
{
    private readonly ConcurrentDictionary<string, long> _stamps = new(StringComparer.OrdinalIgnoreCase);
    private long _generation;
    private long _everyoneStamp;
    private long _trustedFromTicks = long.MinValue;

    public long Generation => Interlocked.Read(ref _generation);

    public long StampOf(string userName)
    {
        var everyone = Interlocked.Read(ref _everyoneStamp);
        return _stamps.TryGetValue(userName, out var stamp) && stamp > everyone ? stamp : everyone;
    }

    /// <summary>False for an entry stored before the feed's reader stopped vouching for it (<see cref="DistrustBefore"/>).</summary>
    public bool IsTrusted(long storedAtTicks) => storedAtTicks >= Interlocked.Read(ref _trustedFromTicks);

    public void Invalidate(string userName)
    {
        var stamp = Interlocked.Increment(ref _generation);
        _stamps.AddOrUpdate(userName, stamp, (_, current) => Math.Max(current, stamp));
    }

    public void InvalidateEveryone()
    {
        var stamp = Interlocked.Increment(ref _generation);

        // Per-user stamps below it no longer count; dropping them keeps the dictionary from growing for ever.
        Interlocked.Exchange(ref _everyoneStamp, stamp);
        foreach (var (user, userStamp) in _stamps)
        {
            if (userStamp < stamp)
            {
                _stamps.TryRemove(KeyValuePair.Create(user, userStamp));
            }
        }
    }

    /// <summary>Entries stored before <paramref name="instant"/> are looked up again; the boundary only moves forward.</summary>
    public void DistrustBefore(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        var current = Interlocked.Read(ref _trustedFromTicks);
        while (ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref _trustedFromTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>
    /// Runs a change to <paramref name="userName"/>'s tokens or record, then invalidates what is cached of them here and
    /// announces it to the other instances; also after a failure, since the change may have been written before the
    /// error. <paramref name="reason"/> is one of <see cref="FeedReasons"/>.
    /// </summary>
    public Task<T> InvalidateAfterAsync<T>(string userName, string reason, Func<Task<T>> change) =>
        RunThenInvalidateAsync(userName, reason, change);

    /// <summary>
    /// Like <see cref="InvalidateAfterAsync{T}"/> for a change that may affect any user (a group renamed, a policy
    /// changed): every instance drops every cached user, token and credential.
    /// </summary>
    public Task<T> InvalidateEveryoneAfterAsync<T>(string reason, Func<Task<T>> change) =>
        RunThenInvalidateAsync(null, reason, change);

    private async Task<T> RunThenInvalidateAsync<T>(string? userName, string reason, Func<Task<T>> change)
    {
        try
        {
            return await change();
        }
        finally
        {
            if (userName is null)
            {
                InvalidateEveryone();
            }
            else
            {
                Invalidate(userName);
            }

            // Never throws: a failed announcement is kept and sent again by the feed's service.
            await announcer.AnnounceAsync(userName, reason);
        }
    }
}
