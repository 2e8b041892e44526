namespace Gatehouse.Chain;

/// <summary>The chain's verdict on one request.</summary>
/// <param name="Kind">Allowed, open, denied or unavailable.</param>
/// <param name="Principal">Set when <see cref="DecisionKind.Allowed"/>.</param>
/// <param name="Plugin">The plugin that decided (succeeded or failed), when one did.</param>
/// <param name="Reason">Why the request was denied; safe to log and to return to the caller.</param>
/// <param name="Challenge">The <c>WWW-Authenticate</c> value to send with a 401, if any plugin prompts.</param>
public sealed record ChainDecision(DecisionKind Kind, Principal? Principal, string? Plugin, string? Reason, string? Challenge)
{
    public static ChainDecision Allowed(Principal principal) => new(DecisionKind.Allowed, principal, principal.Plugin, null, null);

    public static ChainDecision Open() => new(DecisionKind.Open, null, null, null, null);

    public static ChainDecision Unauthenticated(string reason, string? plugin = null, string? challenge = null) =>
        new(DecisionKind.Unauthenticated, null, plugin, reason, challenge);

    public static ChainDecision Forbidden(Principal principal, string reason) => new(DecisionKind.Forbidden, principal, principal.Plugin, reason, null);

    public static ChainDecision Unavailable(string reason) => new(DecisionKind.Unavailable, null, null, reason, null);
}
