using Gatehouse.Chain;
using Gatehouse.Mfa;
using Gatehouse.Users;

namespace Gatehouse.Audit;

/// <summary>
/// Audits second-factor enrolment, recovery codes replaced, turning it off and an administrator's reset (with the
/// administrator as actor). Codes are never in an event; checks at sign-in are not audited here (a refused code is
/// counted by regulation, and a ban it causes is audited).
/// </summary>
internal sealed class AuditingSecondFactor(ISecondFactor inner, AuditTrail trail) : ISecondFactor
{
    public ValueTask<SecondFactorStatus> GetStatusAsync(Principal principal, CancellationToken cancellationToken = default) => inner.GetStatusAsync(principal, cancellationToken);

    public ValueTask<TotpEnrolment?> BeginEnrolmentAsync(Principal principal, CancellationToken cancellationToken = default) => inner.BeginEnrolmentAsync(principal, cancellationToken);

    public ValueTask<SecondFactorCheck> VerifyAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default) =>
        inner.VerifyAsync(principal, code, client, cancellationToken);

    public ValueTask<SecondFactorCheck> ConfirmEnrolmentAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default) =>
        RecordIfAcceptedAsync(inner.ConfirmEnrolmentAsync(principal, code, client, cancellationToken), AuditEventTypes.SecondFactorEnrolled, principal);

    public ValueTask<SecondFactorCheck> ReplaceRecoveryCodesAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default) =>
        RecordIfAcceptedAsync(inner.ReplaceRecoveryCodesAsync(principal, code, client, cancellationToken), AuditEventTypes.SecondFactorRecoveryCodesReplaced, principal);

    public ValueTask<SecondFactorCheck> DisableAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default) =>
        RecordIfAcceptedAsync(inner.DisableAsync(principal, code, client, cancellationToken), AuditEventTypes.SecondFactorDisabled, principal);

    public async ValueTask<bool> ResetAsync(string userName, string actor, CancellationToken cancellationToken = default)
    {
        var reset = await inner.ResetAsync(userName, actor, cancellationToken);
        if (reset)
        {
            trail.Record(AuditEventTypes.SecondFactorReset, userName, null, actor);
        }

        return reset;
    }

    private async ValueTask<SecondFactorCheck> RecordIfAcceptedAsync(ValueTask<SecondFactorCheck> pending, string type, Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var check = await pending;
        if (check.IsAccepted)
        {
            trail.Record(type, principal.UserName, check.UsedRecoveryCode ? "with a recovery code" : null, principal.UserName);
        }

        return check;
    }
}
