namespace Gatehouse.Audit;

/// <summary>
/// Where audit events go, without waiting: best-effort on the hot path (SPEC §13). An event the sink cannot take
/// (full, or stopped) is dropped and counted; the caller's decision, handshake or sign-in never waits or fails for it.
/// </summary>
public interface IAuditSink
{
    /// <summary>Takes <paramref name="auditEvent"/> to be stored; never blocks, never throws for a storage problem.</summary>
    void Record(AuditEvent auditEvent);
}
