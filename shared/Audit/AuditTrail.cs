namespace Gatehouse.Audit;

/// <summary>What the auditing decorators call: stamps an event with the time and the request's <see cref="AuditScope"/> and hands it to the <see cref="IAuditSink"/>.</summary>
internal sealed class AuditTrail(IAuditSink sink, TimeProvider time)
{
    /// <param name="type">One of <see cref="AuditEventTypes"/>.</param>
    /// <param name="user">The user it is about, or null.</param>
    /// <param name="detail">Safe text only: never a secret, token, code or hash.</param>
    /// <param name="actor">Who did it, when the call itself says (an administrator's reset); else the scope's actor.</param>
    public void Record(string type, string? user, string? detail, string? actor = null)
    {
        var scope = AuditScope.Current;
        sink.Record(new AuditEvent(type, user, actor ?? scope?.Actor, scope?.Via ?? AuditVia.Internal, time.GetUtcNow(), detail));
    }
}
