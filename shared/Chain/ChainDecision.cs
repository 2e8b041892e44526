namespace Gatehouse.Chain;

/// <summary>The chain's verdict on one request.</summary>
/// <param name="Kind">Allowed, open, denied, throttled or unavailable.</param>
/// <param name="Principal">Set when <see cref="DecisionKind.Allowed"/>.</param>
/// <param name="Plugin">The plugin that decided (succeeded or failed), when one did.</param>
/// <param name="Reason">Why the request was denied; safe to log and to return to the caller.</param>
/// <param name="Challenge">The <c>WWW-Authenticate</c> value to send with a 401, if any plugin prompts.</param>
/// <remarks>
/// The retry hint and the dependency live in a subtype made only for 429 and 503: every allowed request makes
/// one decision, and fields it never uses would make each of them bigger (the allocation guards count bytes).
/// </remarks>
public record ChainDecision(DecisionKind Kind, Principal? Principal, string? Plugin, string? Reason, string? Challenge)
{
    /// <summary>When <see cref="DecisionKind.Throttled"/> or <see cref="DecisionKind.Unavailable"/>: how long the caller should wait.</summary>
    public virtual TimeSpan? RetryAfter => null;

    /// <summary>When <see cref="DecisionKind.Unavailable"/>: which dependency, e.g. <c>storage</c> or <c>secrets</c>.</summary>
    public virtual string? Dependency => null;

    /// <summary>How long a client should wait after a 503: long enough for a storage blip to pass.</summary>
    public static readonly TimeSpan OutageRetryAfter = TimeSpan.FromSeconds(5);

    public static ChainDecision Allowed(Principal principal) => new(DecisionKind.Allowed, principal, principal.Plugin, null, null);

    public static ChainDecision Open() => new(DecisionKind.Open, null, null, null, null);

    public static ChainDecision Unauthenticated(string reason, string? plugin = null, string? challenge = null) =>
        new(DecisionKind.Unauthenticated, null, plugin, reason, challenge);

    public static ChainDecision Forbidden(Principal principal, string reason) => new(DecisionKind.Forbidden, principal, principal.Plugin, reason, null);

    public static ChainDecision Throttled(string reason, TimeSpan retryAfter, string? plugin = null) =>
        new Deferred(DecisionKind.Throttled, plugin, reason, retryAfter, null);

    public static ChainDecision Unavailable(string dependency) =>
        new Deferred(DecisionKind.Unavailable, null, dependency + " unavailable", OutageRetryAfter, dependency);

    /// <summary>A decision that tells the caller to come back later.</summary>
    private sealed record Deferred(DecisionKind Kind, string? Plugin, string Reason, TimeSpan Wait, string? DependencyName)
        : ChainDecision(Kind, null, Plugin, Reason, null)
    {
        public override TimeSpan? RetryAfter => Wait;

        public override string? Dependency => DependencyName;
    }
}
