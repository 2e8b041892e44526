namespace Gatehouse.Mfa;

/// <summary>Where a user stands (SPEC §12): what a sign-in page asks for next.</summary>
/// <param name="Required">The policy (<c>Gatehouse:Mfa:Require</c>) wants this user to have a second factor.</param>
/// <param name="Enrolled">The user has an active (confirmed) second factor.</param>
/// <param name="Pending">An enrolment is begun and not confirmed (it changes nothing at sign-in).</param>
/// <param name="RecoveryCodesLeft">Unused recovery codes (0 when not enrolled).</param>
/// <param name="Since">When the active factor was confirmed, or the pending one begun; null when there is none.</param>
public sealed record SecondFactorStatus(bool Required, bool Enrolled, bool Pending, int RecoveryCodesLeft, DateTimeOffset? Since)
{
    /// <summary>Sign-in must ask for a code (or a recovery code) before anything else.</summary>
    public bool MustVerify => Enrolled;

    /// <summary>Sign-in must make the user enrol (after the password) before anything else.</summary>
    public bool MustEnrol => Required && !Enrolled;
}
