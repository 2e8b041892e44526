namespace Gatehouse.Audit;

/// <summary>The audit trail at rest: append-only (only housekeeping deletes, by age). Outages throw <see cref="DependencyUnavailableException"/>.</summary>
public interface IAuditStore
{
    /// <summary>Appends <paramref name="events"/>, giving each its <see cref="AuditEvent.Id"/>.</summary>
    Task WriteAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default);

    /// <summary>One page of events, newest first.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}

/// <summary>What to read.</summary>
/// <param name="User">One user's events (case-insensitive); null for everyone's.</param>
/// <param name="Since">Only events at or after this time.</param>
/// <param name="Type">Only events of this type; null for all.</param>
/// <param name="After">The <see cref="AuditPage.Next"/> of the page before: only events older than it.</param>
/// <param name="PageSize">Events per page at most.</param>
public sealed record AuditQuery(string? User, DateTimeOffset Since, string? Type, string? After, int PageSize);

/// <summary>Events newest first, and where the next page starts (null when there is none).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, string? Next);
