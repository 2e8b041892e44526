namespace Gatehouse.Chain;

/// <summary>
/// A plugin that can ask the client for credentials when no plugin found any (Nuxeo's
/// <c>handleLoginPrompt</c>), e.g. BASIC_AUTH's <c>WWW-Authenticate</c> challenge.
/// </summary>
public interface IPromptingAuthenticator : IAuthenticator
{
    /// <summary>The <c>WWW-Authenticate</c> value for this request, or null when the plugin does not prompt here.</summary>
    string? GetChallenge(AuthRequest request);
}
