namespace Gatehouse.Users;

/// <summary>
/// What a password check found (SPEC §5.1, §10): the user, when the password matched; a refusal, naming the
/// account the login belongs to when there is one (so that regulation counts a user's name and e-mail address
/// as one login); or no check at all, with when to try again (a ban, or password checks saturated).
/// </summary>
/// <remarks>A value type: a check answered from the cache allocates nothing.</remarks>
public readonly record struct PasswordCheck
{
    private PasswordCheck(User? user, string? claimedUserName, string? claimedEmail, string? throttledReason, TimeSpan retryAfter)
    {
        User = user;
        ClaimedUserName = claimedUserName;
        ClaimedEmail = claimedEmail;
        ThrottledReason = throttledReason;
        RetryAfter = retryAfter;
    }

    /// <summary>The user whose password matched; null for any other outcome.</summary>
    public User? User { get; }

    /// <summary>For a refusal, the name of the user the login belongs to (its name or e-mail address), when one does. Not an identity.</summary>
    public string? ClaimedUserName { get; }

    /// <summary>For a refusal, that user's e-mail address, when it has one.</summary>
    public string? ClaimedEmail { get; }

    /// <summary>Why the password was not even checked (safe to log and to show); null when it was.</summary>
    public string? ThrottledReason { get; }

    /// <summary>When <see cref="IsThrottled"/>, how long the caller should wait.</summary>
    public TimeSpan RetryAfter { get; }

    public bool IsThrottled => ThrottledReason is not null;

    public static PasswordCheck Verified(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user, null, null, null, TimeSpan.Zero);
    }

    /// <summary>A wrong password, or a login nobody has (<paramref name="claimed"/> null).</summary>
    public static PasswordCheck Refused(User? claimed = null) => new(null, claimed?.UserName, claimed?.Email, null, TimeSpan.Zero);

    public static PasswordCheck Throttled(string reason, TimeSpan retryAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryAfter, TimeSpan.Zero);
        return new(null, null, null, reason, retryAfter);
    }
}
