using System.Collections.Concurrent;
using Gatehouse.Plugins;

namespace Gatehouse.Tests.Fakes;

/// <summary>One-time values in memory, expiring on the given clock.</summary>
public sealed class FakeNonceStore(TimeProvider time) : INonceStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, DateTimeOffset> Claims => _claims;

    public bool Unavailable { get; set; }

    public ValueTask<bool> TryClaimAsync(string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        if (Unavailable)
        {
            throw new DependencyUnavailableException("table storage down") { Dependency = "storage" };
        }

        var now = time.GetUtcNow();
        var claimed = false;
        _claims.AddOrUpdate(nonce, _ => { claimed = true; return expiresAt; }, (_, existing) =>
        {
            claimed = existing <= now;
            return claimed ? expiresAt : existing;
        });
        return ValueTask.FromResult(claimed);
    }
}
