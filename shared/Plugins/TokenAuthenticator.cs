using Gatehouse.Chain;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Plugins;

/// <summary>
/// TOKEN_AUTH (SPEC §5.2): a device token from the <c>X-Authentication-Token</c> header, the <c>token</c>
/// query parameter or the <c>X-Authentication-Token</c> cookie, in that (Nuxeo) order, then from
/// <c>Authorization: Bearer</c> when the value has a Gatehouse token's shape, prefixed or UUID (any other Bearer value
/// is not ours: a JWT plugin may take it). An unknown, revoked or expired token fails; it never prompts.
/// </summary>
internal sealed class TokenAuthenticator : IAuthenticator
{
    public const string HeaderName = "X-Authentication-Token";
    public const string QueryParameterName = "token";
    public const string CookieName = "X-Authentication-Token";

    private static readonly AuthResult UnknownToken = AuthResult.Fail("unknown token");
    private static readonly AuthResult ExpiredToken = AuthResult.Fail("expired");
    private static readonly AuthResult AnonymousToken = AuthResult.Fail("anonymous token refused");

    private readonly ITokenService _tokens;
    private readonly TokenAuthenticatorOptions _options;
    private readonly UserDirectoryOptions _principals;

    public TokenAuthenticator(ITokenService tokens, IOptions<TokenAuthenticatorOptions> options, IOptions<UserDirectoryOptions> principals)
    {
        _tokens = tokens;
        _options = options.Value;
        _principals = principals.Value;
    }

    public string Name => AuthenticatorNames.Token;

    public async ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = (_options.FromHeader ? request.GetHeader(HeaderName) : null)
            ?? (_options.FromQuery ? NullIfEmpty(request.GetQuery(QueryParameterName)) : null)
            ?? (_options.FromCookie ? NullIfEmpty(request.GetCookie(CookieName)) : null)
            ?? (_options.FromBearer ? BearerToken(request) : null);
        if (token is null)
        {
            return AuthResult.NoResult();
        }

        var validation = await _tokens.ValidateAsync(token, cancellationToken);
        return validation switch
        {
            { Status: TokenStatus.Valid, Binding: { } binding } when !_options.AllowAnonymous && _principals.IsAnonymous(binding.UserName) => AnonymousToken,
            { Status: TokenStatus.Valid, Binding: { } binding } => AuthResult.Success(new Identity(binding.UserName, Name, binding.Permission, binding.Id)),
            { Status: TokenStatus.Expired } => ExpiredToken,
            _ => UnknownToken,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// The value of <c>Authorization: Bearer &lt;token&gt;</c> (scheme case-insensitive) when it carries the Gatehouse prefix
    /// or is UUID-shaped: tokens of both shapes are ours whatever shape new ones get (<c>Gatehouse:Tokens:Format</c>).
    /// </summary>
    private static string? BearerToken(AuthRequest request)
    {
        const string Scheme = "Bearer ";
        var header = request.GetHeader(HeaderNames.Authorization);
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = header.AsSpan(Scheme.Length).Trim();
        return value.StartsWith(TokenFormat.Prefix, StringComparison.Ordinal) || TokenFormat.IsUuidShaped(value) ? value.ToString() : null;
    }
}
