using Gatehouse.Chain;

namespace Gatehouse.Functions.Authorize;

/// <summary>
/// A token whose permission is read-only may only read (SPEC §8; Nuxeo stored the permission but never
/// enforced it): any method but GET, HEAD and OPTIONS on the original request becomes 403.
/// </summary>
internal static class ReadOnlyTokens
{
    public static ChainDecision Enforce(ChainDecision decision, string originalMethod)
    {
        var principal = decision.Principal;
        if (decision.Kind != DecisionKind.Allowed || principal is null || !TokenPermissions.IsReadOnly(principal.TokenPermission))
        {
            return decision;
        }

        return HttpMethods.IsGet(originalMethod) || HttpMethods.IsHead(originalMethod) || HttpMethods.IsOptions(originalMethod)
            ? decision
            : ChainDecision.Forbidden(principal, $"a read-only token cannot {originalMethod}");
    }
}
