namespace Gatehouse.Tokens;

/// <summary>
/// Issues, looks up and revokes device tokens (Nuxeo's TokenAuthenticationService). No plaintext
/// token is stored (SPEC §9). Outages throw <see cref="DependencyUnavailableException"/>.
/// </summary>
public interface ITokenService
{
    /// <summary>
    /// The token for the triplet: a new binding when none is live, else the same token as before
    /// (description and permission unchanged). Concurrent calls for one triplet share one binding.
    /// </summary>
    Task<IssuedToken> AcquireAsync(TokenRequest request, CancellationToken cancellationToken = default);

    /// <summary>Looks up a presented token. Malformed tokens are rejected without a storage read.</summary>
    ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Revokes the triplet's binding; false when there was none. The token fails on its next lookup.</summary>
    Task<bool> RevokeAsync(string userName, string applicationName, string deviceId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a binding of <paramref name="userName"/> by id; false when that user has no such binding.</summary>
    Task<bool> RevokeByIdAsync(string userName, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes every binding of <paramref name="userName"/> (a user deleted, or created again under a deleted user's
    /// name); returns how many there were. Their tokens fail on their next lookup.
    /// </summary>
    Task<int> RevokeAllAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>The user's bindings, newest first, optionally for one application.</summary>
    Task<IReadOnlyList<TokenBinding>> ListAsync(string userName, string? applicationName = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The token of a live binding of <paramref name="userName"/> by id, derived again; null when there is no
    /// such live binding. Never creates one: this is how a token gets itself back (Nuxeo Drive's handshake
    /// with its own token), which must not mint what a password sign-in would.
    /// </summary>
    Task<IssuedToken?> ReissueAsync(string userName, string id, CancellationToken cancellationToken = default);

    /// <summary>A binding of <paramref name="userName"/> by id, or null.</summary>
    Task<TokenBinding?> GetByIdAsync(string userName, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends a live binding of <paramref name="userName"/> by the configured lifetime, capped by the
    /// maximum (SPEC §7.5); the token stays the same. Says why not when the binding has expired, the
    /// maximum caps it already, or the user has no such binding.
    /// </summary>
    Task<TokenRenewal> RenewAsync(string userName, string id, CancellationToken cancellationToken = default);
}
