using Gatehouse.Tokens;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Chain;

/// <summary>
/// What an authenticated principal may do with a request (SPEC §8): a read-only token may only read.
/// The chain applies it to every decision with the request's (original) method, so endpoints and the
/// authorizer get <see cref="DecisionKind.Forbidden"/> (403) without calling it themselves.
/// </summary>
public static class AccessPolicy
{
    /// <summary>The reason given when a read-only token is used to change something.</summary>
    public const string ReadOnlyTokenReason = "read-only token";

    /// <summary>Turns <see cref="DecisionKind.Allowed"/> into <see cref="DecisionKind.Forbidden"/> when a read-only token is used with an unsafe method.</summary>
    public static ChainDecision Apply(ChainDecision decision, string method)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision is { Kind: DecisionKind.Allowed, Principal: { } principal }
            && principal.TokenPermission is { } permission
            && TokenPermissions.IsReadOnly(permission)
            && !IsReadMethod(method)
                ? ChainDecision.Forbidden(principal, ReadOnlyTokenReason)
                : decision;
    }

    /// <summary>GET, HEAD and OPTIONS: the methods a read-only token may use.</summary>
    public static bool IsReadMethod(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}
