using System.Collections.Concurrent;
using System.Globalization;
using Gatehouse.Audit;

namespace Gatehouse.Tests.Fakes;

/// <summary>
/// An in-memory audit store with the table's reading rules (newest first, one user case-insensitively, since, type,
/// pages after an id), for the API's tests; can throw an outage or hold every write at a gate.
/// </summary>
public sealed class FakeAuditStore : IAuditStore
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();
    private int _next;

    public IReadOnlyList<AuditEvent> Events => [.. _events];

    /// <summary>When set, every write throws <see cref="DependencyUnavailableException"/>.</summary>
    public bool Unavailable { get; set; }

    /// <summary>When set, every write waits for it first.</summary>
    public TaskCompletionSource? WriteGate { get; set; }

    public async Task WriteAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        if (WriteGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Unavailable)
        {
            throw new DependencyUnavailableException("table storage down") { Dependency = "storage" };
        }

        foreach (var auditEvent in events)
        {
            // Ids sort newest first, like the table's inverted ticks.
            var id = (long.MaxValue - auditEvent.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + Interlocked.Increment(ref _next).ToString("x16", CultureInfo.InvariantCulture);
            _events.Enqueue(auditEvent with { Id = id });
        }
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var matching = Events
            .Where(e => query.User is null || string.Equals(e.User, query.User, StringComparison.OrdinalIgnoreCase))
            .Where(e => e.At >= query.Since && (query.Type is null || e.Type == query.Type))
            .Where(e => query.After is null || string.CompareOrdinal(e.Id, query.After) > 0)
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .Take(query.PageSize + 1)
            .ToList();
        var page = matching.Take(query.PageSize).ToList();
        return Task.FromResult(new AuditPage(page, matching.Count > query.PageSize ? page[^1].Id : null));
    }
}
