using System.Collections.Concurrent;
using Gatehouse.Mfa;

namespace Gatehouse.Tests.Fakes;

/// <summary>Second factors in memory, with the table store's conditional writes (an ETag per version) and an outage switch.</summary>
internal sealed class FakeSecondFactorStore : ISecondFactorStore
{
    private readonly ConcurrentDictionary<string, SecondFactorRecord> _records = new(StringComparer.OrdinalIgnoreCase);
    private int _version;

    /// <summary>When set, every call throws <see cref="DependencyUnavailableException"/>.</summary>
    public bool Unavailable { get; set; }

    /// <summary>The record as stored (for assertions and for tampering with), or null.</summary>
    public SecondFactorRecord? this[string userName]
    {
        get => _records.TryGetValue(userName, out var record) ? record : null;
        set => _records[userName] = value! with { ETag = NextETag() };
    }

    public ValueTask<SecondFactorRecord?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        return ValueTask.FromResult(this[userName]);
    }

    public ValueTask<bool> TryAddAsync(SecondFactorRecord record, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        return ValueTask.FromResult(_records.TryAdd(record.UserName, record with { ETag = NextETag() }));
    }

    public ValueTask<bool> TryReplaceAsync(SecondFactorRecord record, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        return ValueTask.FromResult(_records.TryGetValue(record.UserName, out var stored)
            && stored.ETag == record.ETag
            && _records.TryUpdate(record.UserName, record with { ETag = NextETag() }, stored));
    }

    public ValueTask<bool> DeleteAsync(string userName, string? eTag, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        return ValueTask.FromResult(_records.TryGetValue(userName, out var stored)
            && (eTag is null || stored.ETag == eTag)
            && _records.TryRemove(new KeyValuePair<string, SecondFactorRecord>(userName, stored)));
    }

    private string NextETag() => "v" + Interlocked.Increment(ref _version);

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new DependencyUnavailableException("table storage down") { Dependency = "storage" };
        }
    }
}
