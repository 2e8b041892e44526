using Gatehouse.Chain;
using Gatehouse.Tokens;
using Microsoft.Extensions.Options;

namespace Gatehouse.Plugins;

/// <summary>
/// <c>TOKEN_AUTH</c> (SPEC §5.2): a device token from the <c>X-Authentication-Token</c> header, the
/// <c>token</c> query parameter or the <c>X-Authentication-Token</c> cookie, in Nuxeo's order.
/// Unknown, revoked or expired → Fail. Never prompts.
/// </summary>
public sealed class TokenAuthenticator(ITokenService tokens, IOptions<TokenAuthenticatorOptions> options, IOptions<AnonymousAuthenticatorOptions> anonymous) : IAuthenticator
{
    public const string PluginName = "TOKEN_AUTH";

    // Real tokens are ~60 characters; anything far longer is refused before any lookup.
    private const int MaxTokenLength = 512;

    private readonly TokenAuthenticatorOptions _options = options.Value;
    private readonly string? _anonymousUser = anonymous.Value.AnonymousUser;

    public string Name => PluginName;

    public async ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = (_options.FromHeader ? request.GetHeader(TokenAuthenticatorOptions.HeaderName) : null)
            ?? (_options.FromQuery ? request.GetQuery(TokenAuthenticatorOptions.QueryName) : null)
            ?? (_options.FromCookie ? request.GetCookie(TokenAuthenticatorOptions.HeaderName) : null);
        if (string.IsNullOrEmpty(token))
        {
            return AuthResult.NoResult();
        }

        if (token.Length > MaxTokenLength)
        {
            return AuthResult.Fail("unknown token");
        }

        var validation = await tokens.ValidateAsync(token, cancellationToken);
        var binding = validation.Binding;
        return validation.Status switch
        {
            TokenStatus.Valid when binding is not null && IsRefusedAnonymous(binding.UserName) => AuthResult.Fail("token of the anonymous user"),
            TokenStatus.Valid when binding is not null => AuthResult.Success(new Identity(binding.UserName, PluginName, binding.Permission, binding.Id)),
            TokenStatus.Expired => AuthResult.Fail("expired token"),
            _ => AuthResult.Fail("unknown token"),
        };
    }

    private bool IsRefusedAnonymous(string userName) =>
        !_options.AllowAnonymous && _anonymousUser is not null && string.Equals(userName, _anonymousUser, StringComparison.OrdinalIgnoreCase);
}
