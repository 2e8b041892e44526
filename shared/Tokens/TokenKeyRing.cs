using Gatehouse.Secrets;

namespace Gatehouse.Tokens;

/// <summary>
/// The token key as the token service needs it: every accepted version decoded once, not at every handshake. The
/// secret store is asked each time (it serves from memory, and says when a rotation's overlap ends); only versions it
/// has not handed out before are decoded.
/// </summary>
internal sealed class TokenKeyRing(ISecretStore secrets)
{
    private volatile TokenKeys? _last;

    /// <summary>
    /// The keys accepted now. Throws <see cref="DependencyUnavailableException"/> (<c>secrets</c>) when the secret cannot
    /// be read or its current version is not a usable key: tokens cannot be issued then.
    /// </summary>
    public async ValueTask<TokenKeys> LoadAsync(CancellationToken cancellationToken = default)
    {
        SecretSet set;
        try
        {
            set = await secrets.GetAsync(SecretNames.TokenKey, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new DependencyUnavailableException($"The {SecretNames.TokenKey} secret is unavailable: tokens cannot be issued.", ex) { Dependency = "secrets" };
        }

        var last = _last;
        if (last is not null && ReferenceEquals(last.Set, set))
        {
            return last;
        }

        var keys = TokenKeys.Decode(set, last)
            ?? throw new DependencyUnavailableException($"The {SecretNames.TokenKey} secret must be base64 of at least {TokenKey.MinimumBytes} bytes: tokens cannot be issued.") { Dependency = "secrets" };
        _last = keys;
        return keys;
    }
}
