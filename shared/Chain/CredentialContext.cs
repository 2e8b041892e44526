namespace Gatehouse.Chain;

/// <summary>
/// Which kind of endpoint a request presents its credentials to: <c>Gatehouse:Policy:Passwords</c> accepts a password
/// in some and not others. Each endpoint says which it is; unsaid, a request is <see cref="Api"/>, the strictest.
/// </summary>
public enum CredentialContext
{
    /// <summary>The authorizer, the token API and every other REST call: tools, which should hold tokens.</summary>
    Api,

    /// <summary>Nuxeo's handshake, <c>GET /authentication/token</c>, where a device trades a password for its first token.</summary>
    Handshake,

    /// <summary>A person signing in on a web page (the token page's sign-in), where a password belongs.</summary>
    SignIn,
}
