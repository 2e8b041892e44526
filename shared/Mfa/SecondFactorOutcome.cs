namespace Gatehouse.Mfa;

/// <summary>What a second-factor check found.</summary>
public enum SecondFactorOutcome
{
    /// <summary>The code (or recovery code) matched and is now used up.</summary>
    Accepted,

    /// <summary>Wrong code: counted by regulation like a wrong password.</summary>
    Refused,

    /// <summary>The right code, but it was already used within its time step (RFC 6238 §5.2): wait for the next one. Counted like <see cref="Refused"/>.</summary>
    Replayed,

    /// <summary>Not checked: the login or the address is banned (<see cref="SecondFactorCheck.RetryAfter"/>).</summary>
    Throttled,

    /// <summary>The user has no active second factor (none, or an enrolment not confirmed; for confirmation: none begun).</summary>
    NotEnrolled,

    /// <summary>
    /// The stored secret does not open with any accepted <c>mfa-key</c> version (retired, or the row was tampered
    /// with): only a recovery code, or an administrator's reset, helps. Not counted: not the user's doing.
    /// </summary>
    Unreadable,
}
