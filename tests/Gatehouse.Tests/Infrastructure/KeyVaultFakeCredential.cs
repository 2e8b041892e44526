using Azure.Core;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// Stands in for <c>DefaultAzureCredential</c> against <see cref="KeyVaultDouble"/>: hands out the token
/// the double accepts and records what the Key Vault challenge asked for (scopes, tenant).
/// </summary>
public sealed class KeyVaultFakeCredential(string token) : TokenCredential
{
    private readonly Lock _gate = new();
    private readonly List<TokenRequestContext> _requests = [];

    public IReadOnlyList<TokenRequestContext> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _requests.Add(requestContext);
        }

        return new AccessToken(token, TimeProvider.System.GetUtcNow().AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
