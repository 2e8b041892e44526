using System.Collections.Concurrent;
using Gatehouse.Regulation;

namespace Gatehouse.Tests.Fakes;

/// <summary>An in-memory ban store that counts its calls and can simulate an outage.</summary>
public sealed class FakeBanStore : IBanStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _bans = new(StringComparer.Ordinal);
    private int _reads;
    private int _writes;

    public int Reads => _reads;

    public int Writes => _writes;

    /// <summary>The bans written, by subject.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Bans => _bans;

    /// <summary>When set, every call throws <see cref="DependencyUnavailableException"/>.</summary>
    public bool Unavailable { get; set; }

    public ValueTask<DateTimeOffset?> GetBanEndAsync(string subject, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        ThrowIfUnavailable();
        return ValueTask.FromResult(_bans.TryGetValue(subject, out var until) ? until : (DateTimeOffset?)null);
    }

    public ValueTask BanAsync(string subject, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        ThrowIfUnavailable();
        _bans[subject] = until;
        return ValueTask.CompletedTask;
    }

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new DependencyUnavailableException("table storage down") { Dependency = "storage" };
        }
    }
}
