using Gatehouse.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Fakes;

/// <summary>
/// An in-memory revocation feed, shareable by several instances' announcers and readers. Reads select by the
/// writers' times, as the table's range query does.
/// </summary>
internal sealed class FakeRevocationFeed : IRevocationFeed
{
    private readonly Lock _gate = new();
    private readonly List<RevocationEntry> _entries = [];

    /// <summary>While true, appends and reads fail as in a storage outage.</summary>
    public bool Unavailable { get; set; }

    public int ReadCalls { get; private set; }

    /// <summary>Where the last read started.</summary>
    public DateTimeOffset? LastSince { get; private set; }

    internal IReadOnlyList<RevocationEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>A ledger announcing on a feed of its own, for caches tested alone.</summary>
    internal static InvalidationLedger NewLedger(TimeProvider time) =>
        new(new RevocationAnnouncer(new FakeRevocationFeed(), Options.Create(new CacheOptions()), time, NullLogger<RevocationAnnouncer>.Instance));

    public Task AppendAsync(RevocationEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfUnavailable();
            _entries.Add(entry);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RevocationEntry>> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ReadCalls++;
            LastSince = since;
            ThrowIfUnavailable();
            return Task.FromResult<IReadOnlyList<RevocationEntry>>(_entries.Where(e => e.At >= since && e.At <= until).ToList());
        }
    }

    /// <summary>Writes an entry as another instance would, e.g. with a clock of its own.</summary>
    internal void Add(RevocationEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new DependencyUnavailableException("table storage down") { Dependency = "storage" };
        }
    }
}
