using System.Collections.Concurrent;

namespace Gatehouse.Caching;

/// <summary>
/// Concurrent misses for one key share one load. The load runs without the callers' cancellation (one
/// caller giving up must not fail the others); each caller still stops waiting on its own token.
/// </summary>
internal sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _flights = new();

    public Task<TValue> RunAsync(TKey key, Func<Task<TValue>> load, CancellationToken cancellationToken)
    {
        // GetOrAdd may build a Lazy that loses the race; only the stored one is ever started.
        var flight = _flights.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => LoadThenForgetAsync(k, load)));
        return flight.Value.WaitAsync(cancellationToken);
    }

    private async Task<TValue> LoadThenForgetAsync(TKey key, Func<Task<TValue>> load)
    {
        try
        {
            return await load();
        }
        finally
        {
            // Only this flight can be stored under the key until it is removed here.
            _flights.TryRemove(key, out _);
        }
    }
}
