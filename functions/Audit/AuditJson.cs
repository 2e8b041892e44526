using System.Text.Json.Serialization;
using Gatehouse.Audit;

namespace Gatehouse.Functions.Audit;

/// <summary>
/// A page of the audit trail, in the token API's style: <c>{"entity-type":"auditEvents","entries":[...],"next"}</c>,
/// newest first; <see cref="Next"/> is the <c>after=</c> of the next page, null on the last.
/// </summary>
internal sealed record AuditPageJson(
    [property: JsonPropertyName("entity-type")] string EntityType,
    IReadOnlyList<AuditEventJson> Entries,
    string? Next)
{
    public static AuditPageJson From(AuditPage page) => new("auditEvents", page.Events.Select(AuditEventJson.From).ToList(), page.Next);
}

/// <summary>One event; <see cref="At"/> is ISO-8601 UTC. Never a secret: the trail holds none.</summary>
internal sealed record AuditEventJson(
    [property: JsonPropertyName("entity-type")] string EntityType,
    string Id,
    string Type,
    string? User,
    string? Actor,
    string Via,
    DateTime At,
    string? Detail)
{
    public static AuditEventJson From(AuditEvent auditEvent) =>
        new("auditEvent", auditEvent.Id, auditEvent.Type, auditEvent.User, auditEvent.Actor, auditEvent.Via, auditEvent.At.UtcDateTime, auditEvent.Detail);
}
