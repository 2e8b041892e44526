namespace Gatehouse.Mfa;

/// <summary>
/// The result of a check of a code or recovery code: <see cref="Outcome"/>, and what the caller shows next (how long
/// to wait, how many recovery codes are left, the new recovery codes to show once).
/// </summary>
public sealed record SecondFactorCheck
{
    private SecondFactorCheck(SecondFactorOutcome outcome) => Outcome = outcome;

    public static SecondFactorCheck Refused { get; } = new(SecondFactorOutcome.Refused);

    public static SecondFactorCheck Replayed { get; } = new(SecondFactorOutcome.Replayed);

    public static SecondFactorCheck NotEnrolled { get; } = new(SecondFactorOutcome.NotEnrolled);

    public static SecondFactorCheck Unreadable { get; } = new(SecondFactorOutcome.Unreadable);

    public SecondFactorOutcome Outcome { get; }

    public bool IsAccepted => Outcome == SecondFactorOutcome.Accepted;

    /// <summary>For <see cref="SecondFactorOutcome.Throttled"/>, why (safe to show); else null.</summary>
    public string? ThrottledReason { get; private init; }

    /// <summary>For <see cref="SecondFactorOutcome.Throttled"/>, how long to wait (for <c>Retry-After</c>).</summary>
    public TimeSpan RetryAfter { get; private init; }

    /// <summary>Accepted through a recovery code (now used up), not a TOTP code.</summary>
    public bool UsedRecoveryCode { get; private init; }

    /// <summary>Accepted: the recovery codes still unused afterwards (the page warns when few are left).</summary>
    public int RecoveryCodesLeft { get; private init; }

    /// <summary>
    /// New recovery codes, when this call made them (confirming an enrolment, replacing the codes): shown to the user
    /// once, never stored in clear, never returned again.
    /// </summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private init; }

    public static SecondFactorCheck Accepted(int recoveryCodesLeft, bool usedRecoveryCode = false, IReadOnlyList<string>? recoveryCodes = null) =>
        new(SecondFactorOutcome.Accepted) { RecoveryCodesLeft = recoveryCodesLeft, UsedRecoveryCode = usedRecoveryCode, RecoveryCodes = recoveryCodes };

    public static SecondFactorCheck Throttled(string reason, TimeSpan retryAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(SecondFactorOutcome.Throttled) { ThrottledReason = reason, RetryAfter = retryAfter };
    }
}
