namespace Gatehouse.Chain;

/// <summary>
/// One authentication plugin of the chain (Nuxeo's <c>NuxeoAuthenticationPlugin</c>): it looks for
/// its own kind of credential in a request and says whether it is absent, valid or invalid.
/// </summary>
public interface IAuthenticator
{
    /// <summary>The plugin's name in chain configuration, e.g. <c>BASIC_AUTH</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Returns <see cref="AuthResult.NoResult"/> when the credential is absent (or of another scheme),
    /// <see cref="AuthResult.Success"/> when it is valid and <see cref="AuthResult.Fail(string)"/> when it is
    /// present but invalid. Dependency outages throw <see cref="DependencyUnavailableException"/>.
    /// </summary>
    ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default);
}
