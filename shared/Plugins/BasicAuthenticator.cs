using System.Text;
using Gatehouse.Chain;
using Gatehouse.Users;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Plugins;

/// <summary>
/// <c>BASIC_AUTH</c> (SPEC §5.1): <c>Authorization: Basic base64(login:password)</c>, the login being a
/// user name or an e-mail address. Another scheme is not ours (NoResult); ours malformed is a Fail.
/// </summary>
public sealed class BasicAuthenticator(IUserDirectory users, IOptions<BasicAuthenticatorOptions> options) : IPromptingAuthenticator
{
    public const string PluginName = "BASIC_AUTH";

    private const int MaxHeaderLength = 8192;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly BasicAuthenticatorOptions _options = options.Value;
    private readonly string _challenge = $"Basic realm=\"{options.Value.Realm.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    public string Name => PluginName;

    public async ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.GetHeader(HeaderNames.Authorization);
        if (header is null || !header.StartsWith("Basic", StringComparison.OrdinalIgnoreCase) || (header.Length > 5 && header[5] != ' '))
        {
            return AuthResult.NoResult();
        }

        if (header.Length > MaxHeaderLength || !TryDecode(header.AsSpan(5).Trim(), out var login, out var password))
        {
            return AuthResult.Fail("malformed basic credentials");
        }

        var user = await users.VerifyPasswordAsync(login, password, cancellationToken);
        return user is null ? AuthResult.Fail("bad credentials") : AuthResult.Success(new Identity(user.UserName, PluginName));
    }

    public string? GetChallenge(AuthRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _options.AutoPrompt || _options.PromptUrls.Any(prefix => request.Path.StartsWith(prefix, StringComparison.Ordinal)) ? _challenge : null;
    }

    private static bool TryDecode(ReadOnlySpan<char> encoded, out string login, out string password)
    {
        (login, password) = (string.Empty, string.Empty);
        var bytes = new byte[encoded.Length];
        if (encoded.IsEmpty || !Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == decoded.Length - 1)
        {
            return false;
        }

        (login, password) = (decoded[..colon], decoded[(colon + 1)..]);
        return true;
    }
}
