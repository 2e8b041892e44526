namespace Gatehouse.Chain;

/// <summary>A plugin's answer. Made by the factories; expected outcomes are values, never exceptions.</summary>
public sealed class AuthResult
{
    private static readonly AuthResult NoResultInstance = new(AuthOutcome.NoResult, null, null, null, null);

    private AuthResult(AuthOutcome outcome, Identity? identity, string? reason, string? login, TimeSpan? retryAfter)
    {
        Outcome = outcome;
        Identity = identity;
        Reason = reason;
        Login = login;
        RetryAfter = retryAfter;
    }

    public AuthOutcome Outcome { get; }

    /// <summary>Set when <see cref="Outcome"/> is <see cref="AuthOutcome.Success"/>.</summary>
    public Identity? Identity { get; }

    /// <summary>Why the credential failed (safe to log: never contains the credential).</summary>
    public string? Reason { get; }

    /// <summary>For a failure, the login name the credential claimed, when it named one (logged; never a password).</summary>
    public string? Login { get; }

    /// <summary>
    /// For a failure, set when the credential was not even checked because of too many attempts (a ban, or
    /// password checks saturated): the request is answered 429 with this <c>Retry-After</c>, not 401.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    public static AuthResult NoResult() => NoResultInstance;

    public static AuthResult Success(Identity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new AuthResult(AuthOutcome.Success, identity, null, null, null);
    }

    public static AuthResult Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new AuthResult(AuthOutcome.Fail, null, reason, null, null);
    }

    /// <summary>A failure of a credential that named <paramref name="login"/>, so refusal logs can say whose it was.</summary>
    public static AuthResult Fail(string reason, string login)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new AuthResult(AuthOutcome.Fail, null, reason, login, null);
    }

    /// <summary>A failure without checking the credential: retry after <paramref name="retryAfter"/> (SPEC §10, regulation).</summary>
    public static AuthResult Throttled(string reason, TimeSpan retryAfter, string? login = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryAfter, TimeSpan.Zero);
        return new AuthResult(AuthOutcome.Fail, null, reason, login, retryAfter);
    }
}
