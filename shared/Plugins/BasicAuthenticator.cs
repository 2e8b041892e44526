using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Gatehouse.Chain;
using Gatehouse.Network;
using Gatehouse.Users;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Plugins;

/// <summary>
/// BASIC_AUTH (SPEC §5.1): <c>Authorization: Basic base64(login:password)</c> checked against the user
/// directory, where the login is a user name or an e-mail address. Another scheme is not ours (NoResult);
/// our scheme with anything wrong in it is a Fail. Prompts with <c>WWW-Authenticate: Basic realm="…"</c>.
/// A password the directory did not check (a banned login or address, or password checks saturated: SPEC §10)
/// is a throttled failure, answered 429 with <c>Retry-After</c>. Where <c>Gatehouse:Policy:Passwords</c> accepts no
/// password (<see cref="PasswordPolicy"/>), any Basic credential fails unchecked with a reason that points to tokens,
/// and no challenge invites one.
/// </summary>
internal sealed class BasicAuthenticator : IPromptingAuthenticator
{
    /// <summary>Larger headers are refused before any decoding: no legitimate credential is that long.</summary>
    internal const int MaxHeaderLength = 8 * 1024;

    private static readonly AuthResult Malformed = AuthResult.Fail("malformed credentials");
    private static readonly AuthResult TooLarge = AuthResult.Fail("credentials too large");
    private static readonly AuthResult Empty = AuthResult.Fail("empty user or password");
    private static readonly AuthResult PasswordRefused = AuthResult.Fail(PasswordPolicies.RefusalReason);
    private const string InvalidReason = "invalid credentials";

    private readonly IUserDirectory _users;
    private readonly Func<object, IPAddress?> _clientOf;
    private readonly BasicAuthenticatorOptions _options;
    private readonly PasswordPolicy _policy;
    private readonly string _challenge;

    public BasicAuthenticator(IUserDirectory users, ClientAddressResolver clients, IOptions<BasicAuthenticatorOptions> options, IOptions<PolicyOptions> policy)
    {
        _users = users;
        _clientOf = state =>
        {
            var request = (AuthRequest)state;
            return clients.Resolve(request.RemoteAddress, request.Headers);
        };
        _options = options.Value;
        _policy = policy.Value.Passwords;
        _challenge = $"Basic realm=\"{_options.Realm.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
    }

    public string Name => AuthenticatorNames.Basic;

    public async ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.GetHeader(HeaderNames.Authorization);
        if (header is null)
        {
            return AuthResult.NoResult();
        }

        var value = header.AsSpan().Trim();
        var space = value.IndexOf(' ');
        var scheme = space < 0 ? value : value[..space];
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return AuthResult.NoResult();
        }

        if (header.Length > MaxHeaderLength)
        {
            return TooLarge;
        }

        var decoded = TryDecode(space < 0 ? [] : value[(space + 1)..].Trim(), out var login, out var password);
        if (!_policy.Accepts(request.CredentialContext))
        {
            // Refused before the directory sees it: no hash is spent and no failure counted, since the password was
            // never judged (a device still configured with one must not get its user's page sign-in banned). The
            // login only names, in the refusal log, who is still using a password.
            return decoded && login.Length > 0 ? AuthResult.Fail(PasswordPolicies.RefusalReason, login) : PasswordRefused;
        }

        if (!decoded)
        {
            return Malformed;
        }

        if (login.Length == 0 || password.Length == 0)
        {
            return Empty;
        }

        // The client's address is worked out only if the password is really checked (regulation counts per address).
        var check = await _users.VerifyPasswordAsync(login, password, new AttemptClient(_clientOf, request), cancellationToken);
        if (check.User is { } user)
        {
            return AuthResult.Success(Identity.Of(user, Name));
        }

        return check.IsThrottled
            ? AuthResult.Throttled(check.ThrottledReason!, check.RetryAfter, login)
            : AuthResult.Fail(InvalidReason, login);
    }

    public string? GetChallenge(AuthRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Inviting a password that would be refused would only make browsers ask for one.
        return _policy.Accepts(request.CredentialContext)
            && (_options.AutoPrompt || _options.PromptUrls.Any(prefix => request.Path.StartsWith(prefix, StringComparison.Ordinal)))
            ? _challenge
            : null;
    }

    /// <summary>Strict base64, strict UTF-8 (RFC 7617), split at the first colon.</summary>
    private static bool TryDecode(ReadOnlySpan<char> encoded, out string login, out string password)
    {
        login = password = string.Empty;
        if (encoded.IsEmpty)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            if (!Convert.TryFromBase64Chars(encoded, buffer, out var length) || !Utf8.IsValid(buffer.AsSpan(0, length)))
            {
                return false;
            }

            var bytes = buffer.AsSpan(0, length);
            var colon = bytes.IndexOf((byte)':');
            if (colon < 0)
            {
                return false;
            }

            login = Encoding.UTF8.GetString(bytes[..colon]);
            password = Encoding.UTF8.GetString(bytes[(colon + 1)..]);
            return true;
        }
        finally
        {
            // The buffer held a password: clear it before it goes back to the shared pool.
            CryptographicOperations.ZeroMemory(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
