using Gatehouse.Chain;
using Gatehouse.Users;

namespace Gatehouse.Mfa;

/// <summary>
/// The TOTP second factor (RFC 6238, SPEC §12) for the web sign-ins: enrolment, codes, recovery codes, turning it off,
/// an administrator's reset, and the policy that says who must have one. Every check of a code (or recovery code)
/// is under the same regulation as passwords: refused while the login or address is banned, counted when wrong.
/// Outages throw <see cref="DependencyUnavailableException"/> (storage, or the <c>mfa-key</c> secret): 503, never a
/// sign-in let through.
/// </summary>
/// <remarks>
/// A sign-in page runs the chain with the password, then asks <see cref="GetStatusAsync"/>: when
/// <see cref="SecondFactorStatus.MustVerify"/>, it asks for a code and calls <see cref="VerifyAsync"/>; when
/// <see cref="SecondFactorStatus.MustEnrol"/>, it shows <see cref="BeginEnrolmentAsync"/>'s QR code and key and calls
/// <see cref="ConfirmEnrolmentAsync"/>. Only an accepted check completes the sign-in. Codes are given as typed: spaces
/// do not matter, and a recovery code is told from a six-digit code by its shape wherever both are accepted.
/// </remarks>
public interface ISecondFactor
{
    /// <summary>Whether the policy requires a second factor of this user (by <see cref="Principal.IsAdministrator"/>), and whether they have one.</summary>
    ValueTask<SecondFactorStatus> GetStatusAsync(Principal principal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Begins an enrolment: a new random 160-bit secret, stored encrypted and pending, replacing any pending one. Null
    /// when the user already has an active second factor (turn it off first: replacing it takes a code of the old one).
    /// </summary>
    ValueTask<TotpEnrolment?> BeginEnrolmentAsync(Principal principal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Confirms the pending enrolment with a current code from the app: it becomes active, and the
    /// <see cref="SecondFactorCheck.RecoveryCodes"/> of the accepted result are the ten recovery codes, shown once.
    /// <see cref="SecondFactorOutcome.NotEnrolled"/> when no enrolment is pending.
    /// </summary>
    ValueTask<SecondFactorCheck> ConfirmEnrolmentAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks a sign-in's code, or a recovery code, against the active second factor, and uses it up: a code is
    /// accepted within <see cref="MfaOptions.Window"/> steps of now, once (never again within its step, on any
    /// instance); a recovery code once ever.
    /// </summary>
    ValueTask<SecondFactorCheck> VerifyAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default);

    /// <summary>Replaces every recovery code, proven with a fresh code (or a recovery code); the new ones are in the accepted result.</summary>
    ValueTask<SecondFactorCheck> ReplaceRecoveryCodesAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default);

    /// <summary>Turns the second factor off, proven with a fresh code or a recovery code. A policy that requires one makes the next sign-in enrol again.</summary>
    ValueTask<SecondFactorCheck> DisableAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// An administrator's reset: removes the user's second factor (active or pending), so that they must enrol again
    /// where the policy requires it. Logged with <paramref name="actor"/>, the administrator the caller authorized.
    /// False when the user had none.
    /// </summary>
    ValueTask<bool> ResetAsync(string userName, string actor, CancellationToken cancellationToken = default);
}
