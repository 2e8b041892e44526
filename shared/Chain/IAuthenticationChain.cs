namespace Gatehouse.Chain;

/// <summary>
/// The configured chain (Nuxeo's <c>PluggableAuthenticationService</c>): picks the chain for a request
/// (open URLs, specific chains by URL and header, else the default) and runs it (SPEC §4.2, §4.3).
/// </summary>
public interface IAuthenticationChain
{
    ValueTask<ChainDecision> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default);
}
