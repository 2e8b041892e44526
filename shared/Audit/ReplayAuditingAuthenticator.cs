using Gatehouse.Chain;
using Gatehouse.Plugins;

namespace Gatehouse.Audit;

/// <summary>
/// Audits PORTAL_AUTH's refusals of a replayed signature (a valid one already used: someone holds a copy of a signed
/// request). Every other answer goes through untouched; one that is already complete is not awaited.
/// </summary>
internal sealed class ReplayAuditingAuthenticator(IAuthenticator inner, AuditTrail trail) : IAuthenticator
{
    public string Name => inner.Name;

    public ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        var pending = inner.AuthenticateAsync(request, cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return RecordAsync(pending);
        }

        Record(pending.Result);
        return pending;
    }

    private async ValueTask<AuthResult> RecordAsync(ValueTask<AuthResult> pending)
    {
        var result = await pending;
        Record(result);
        return result;
    }

    private void Record(AuthResult result)
    {
        if (result.Outcome == AuthOutcome.Fail && string.Equals(result.Reason, PortalAuthenticator.ReplayedReason, StringComparison.Ordinal))
        {
            trail.Record(AuditEventTypes.PortalReplayRefused, result.Login, "a signed request was presented again");
        }
    }
}
