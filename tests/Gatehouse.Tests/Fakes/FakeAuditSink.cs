using System.Collections.Concurrent;
using Gatehouse.Audit;

namespace Gatehouse.Tests.Fakes;

/// <summary>Collects the audit events the decorators record, in order.</summary>
public sealed class FakeAuditSink : IAuditSink
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    public IReadOnlyList<AuditEvent> Events => [.. _events];

    public void Record(AuditEvent auditEvent) => _events.Enqueue(auditEvent);

    /// <summary>The events of <paramref name="type"/>.</summary>
    public IReadOnlyList<AuditEvent> OfType(string type) => Events.Where(e => e.Type == type).ToList();

    public void Clear() => _events.Clear();
}
