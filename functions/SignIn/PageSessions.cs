using System.Security.Cryptography;
using Gatehouse.Chain;
using Gatehouse.Functions.TokenPage;
using Gatehouse.Tokens;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.SignIn;

/// <summary>
/// Mints the session a web page holds after a completed sign-in (password, and the second factor where the account
/// has one): a short-lived binding of <see cref="CredentialAuthority.SessionApplication"/> on a device of its own,
/// which sign-out revokes. Only <see cref="SignInEndpoint"/> calls it once the sign-in is complete.
/// </summary>
internal sealed class PageSessions(ITokenService tokens, IOptions<TokenPageOptions> options)
{
    private const string Description = "Signed in to a Gatehouse page";

    public Task<IssuedToken> MintAsync(Principal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var device = "browser-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return tokens.AcquireAsync(
            new TokenRequest(principal.UserName, CredentialAuthority.SessionApplication, device, Description, TokenPermissions.ReadWrite, options.Value.SessionLifetime),
            cancellationToken);
    }
}
