using Gatehouse.Chain;

namespace Gatehouse.Functions.Http;

/// <summary>How Gatehouse's own endpoints ask the chain who is calling: one place for the deny answers.</summary>
internal static class EndpointAuthentication
{
    /// <summary>
    /// Runs the chain for this request, presented to an endpoint of kind <paramref name="credentialContext"/> (which
    /// decides whether a password is accepted). Returns the principal, or null after answering 401/403/503 itself.
    /// An open URL is not an identity here, and the anonymous user cannot hold tokens.
    /// </summary>
    public static async Task<Principal?> AuthenticateUserAsync(this IAuthenticationChain chain, HttpContext context, CredentialContext credentialContext = CredentialContext.Api)
    {
        if (await chain.AuthenticateCallerAsync(context, credentialContext) is not { } principal)
        {
            return null;
        }

        if (principal.IsAnonymous)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: the anonymous user cannot hold tokens.");
            return null;
        }

        return principal;
    }

    /// <summary>As <see cref="AuthenticateUserAsync"/>, the anonymous user included (Nuxeo's <c>GET /api/v1/me</c> answers it).</summary>
    public static async Task<Principal?> AuthenticateCallerAsync(this IAuthenticationChain chain, HttpContext context, CredentialContext credentialContext = CredentialContext.Api)
    {
        var decision = await chain.AuthenticateAsync(AuthRequest.FromHttpContext(context, credentialContext), context.RequestAborted);
        if (decision.Kind != DecisionKind.Allowed || decision.Principal is null)
        {
            await Responses.DenyAsync(context, decision.Kind == DecisionKind.Open
                ? ChainDecision.Unauthenticated("credentials required", challenge: null)
                : decision);
            return null;
        }

        return decision.Principal;
    }
}
