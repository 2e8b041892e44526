using System.Collections.Concurrent;

namespace Gatehouse.Caching;

/// <summary>
/// Makes a local change (revocation, disabling a user, a new password) win over the cache at once. Every
/// cached entry carries the stamp its user had when it was stored; invalidating a user gives it a new stamp,
/// so all of that user's entries stop matching without being looked for. The generation guards loads that
/// were already running when the change happened: they are not stored.
/// </summary>
internal sealed class InvalidationLedger
{
    private readonly ConcurrentDictionary<string, long> _stamps = new(StringComparer.OrdinalIgnoreCase);
    private long _generation;
    private long _everyone;

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The user's stamp: the later of their own invalidation and the last one of everyone.</summary>
    public long StampOf(string userName)
    {
        var everyone = Interlocked.Read(ref _everyone);
        return _stamps.TryGetValue(userName, out var stamp) && stamp > everyone ? stamp : everyone;
    }

    public void Invalidate(string userName)
    {
        var stamp = Interlocked.Increment(ref _generation);
        _stamps.AddOrUpdate(userName, stamp, (_, current) => Math.Max(current, stamp));
    }

    /// <summary>Invalidates every user at once (a change to the groups, which reach users through sub-groups).</summary>
    public void InvalidateEveryone()
    {
        var stamp = Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _everyone, stamp);
    }

    /// <summary>
    /// Runs a change to <paramref name="userName"/>'s tokens or record, then invalidates what is cached of them; also
    /// after a failure, since the change may have been written before the error.
    /// </summary>
    public async Task<T> InvalidateAfterAsync<T>(string userName, Func<Task<T>> change)
    {
        try
        {
            return await change();
        }
        finally
        {
            Invalidate(userName);
        }
    }
}
