using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Chain;
using Gatehouse.Secrets;
using Microsoft.Extensions.Options;

namespace Gatehouse.Plugins;

/// <summary>
/// PORTAL_AUTH (SPEC §5.3): a portal signs requests on behalf of its users with
/// <c>NX_TOKEN = Base64(Digest(NX_TS:NX_RD:secret:NX_USER))</c>. Stale or future timestamps, bad signatures
/// and (by default) replays fail. Any of the four headers missing is NoResult. Reverse proxies must pass
/// headers with underscores (nginx: <c>underscores_in_headers on;</c>).
/// </summary>
internal sealed class PortalAuthenticator : IAuthenticator
{
    public const string TimestampHeader = "NX_TS";
    public const string RandomHeader = "NX_RD";
    public const string UserHeader = "NX_USER";
    public const string TokenHeader = "NX_TOKEN";

    private static readonly AuthResult MalformedTimestamp = AuthResult.Fail("malformed timestamp");
    private static readonly AuthResult StaleTimestamp = AuthResult.Fail("stale timestamp");
    private static readonly AuthResult FutureTimestamp = AuthResult.Fail("timestamp in the future");
    private static readonly AuthResult BadSignature = AuthResult.Fail("bad signature");

    /// <summary>Why a replayed signature fails: what the audit trail recognises it by.</summary>
    internal const string ReplayedReason = "replayed";

    private readonly ISecretStore _secrets;
    private readonly INonceStore _nonces;
    private readonly TimeProvider _time;
    private readonly PortalAuthenticatorOptions _options;
    private readonly PortalDigest _digest;
    private readonly int _tokenLength;

    public PortalAuthenticator(ISecretStore secrets, INonceStore nonces, TimeProvider time, IOptions<PortalAuthenticatorOptions> options)
    {
        _secrets = secrets;
        _nonces = nonces;
        _time = time;
        _options = options.Value;
        _digest = PortalDigests.TryParse(_options.DigestAlgorithm, out var digest)
            ? digest
            : throw new InvalidOperationException($"{PortalAuthenticatorOptions.Section}:DigestAlgorithm: unknown digest.");
        _tokenLength = Base64.GetMaxEncodedToUtf8Length(PortalDigests.SizeOf(_digest));
    }

    public string Name => AuthenticatorNames.Portal;

    public async ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ts = request.GetHeader(TimestampHeader);
        var rd = request.GetHeader(RandomHeader);
        var user = request.GetHeader(UserHeader);
        var token = request.GetHeader(TokenHeader);
        if (ts is null || rd is null || user is null || token is null)
        {
            return AuthResult.NoResult();
        }

        // Digits only, within DateTimeOffset's range: Nuxeo threw on anything else.
        if (!long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return MalformedTimestamp;
        }

        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        var now = _time.GetUtcNow();
        if (now - timestamp > TimeSpan.FromSeconds(_options.MaxAge))
        {
            return StaleTimestamp;
        }

        if (timestamp - now > TimeSpan.FromSeconds(_options.ClockSkew))
        {
            return FutureTimestamp;
        }

        // Checked before the vault is read: a token of the wrong shape can never match.
        if (token.Length != _tokenLength || !Ascii.IsValid(token))
        {
            return BadSignature;
        }

        var secrets = await _secrets.GetAsync(SecretNames.PortalSsoSecret, cancellationToken);
        if (!secrets.Accepted.Any(secret => Matches(ts, rd, secret.Value, user, token)))
        {
            return BadSignature;
        }

        if (_options.ReplayProtection
            && !await _nonces.TryClaimAsync(NonceOf(ts, rd, user), timestamp.AddSeconds(_options.MaxAge), cancellationToken))
        {
            // With the user named: refusal logs and the audit trail say whose signature was presented again.
            return AuthResult.Fail(ReplayedReason, user);
        }

        return AuthResult.Success(new Identity(user, Name));
    }

    /// <summary>The expected token, computed and compared in constant time without leaving the secret in a pooled buffer.</summary>
    private bool Matches(string ts, string rd, string secret, string user, string token)
    {
        var clear = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(ts.Length + rd.Length + secret.Length + user.Length + 3));
        try
        {
            var length = 0;
            foreach (var part in (ReadOnlySpan<string>)[ts, ":", rd, ":", secret, ":", user])
            {
                length += Encoding.UTF8.GetBytes(part, clear.AsSpan(length));
            }

            Span<byte> digest = stackalloc byte[SHA512.HashSizeInBytes];
            var size = PortalDigests.Hash(_digest, clear.AsSpan(0, length), digest);
            Span<byte> expected = stackalloc byte[_tokenLength];
            Base64.EncodeToUtf8(digest[..size], expected, out _, out _);

            Span<byte> presented = stackalloc byte[_tokenLength];
            Encoding.ASCII.GetBytes(token, presented);
            return CryptographicOperations.FixedTimeEquals(presented, expected);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
            ArrayPool<byte>.Shared.Return(clear);
        }
    }

    /// <summary>An unambiguous, fixed-size key for <c>(ts, rd, user)</c>: rd's length delimits it, ts is digits only.</summary>
    private static string NonceOf(string ts, string rd, string user)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ts}:{rd.Length}:{rd}:{user}")));
        return "portal-" + Convert.ToHexStringLower(hash);
    }
}
