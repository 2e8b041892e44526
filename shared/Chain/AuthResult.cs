namespace Gatehouse.Chain;

/// <summary>A plugin's answer. Made by the factories; expected outcomes are values, never exceptions.</summary>
public sealed class AuthResult
{
    private static readonly AuthResult NoResultInstance = new(AuthOutcome.NoResult, null, null);

    private AuthResult(AuthOutcome outcome, Identity? identity, string? reason)
    {
        Outcome = outcome;
        Identity = identity;
        Reason = reason;
    }

    public AuthOutcome Outcome { get; }

    /// <summary>Set when <see cref="Outcome"/> is <see cref="AuthOutcome.Success"/>.</summary>
    public Identity? Identity { get; }

    /// <summary>Why the credential failed (safe to log: never contains the credential).</summary>
    public string? Reason { get; }

    public static AuthResult NoResult() => NoResultInstance;

    public static AuthResult Success(Identity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new AuthResult(AuthOutcome.Success, identity, null);
    }

    public static AuthResult Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new AuthResult(AuthOutcome.Fail, null, reason);
    }
}
