using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gatehouse.Chain;
using Gatehouse.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Plugins;

/// <summary>
/// PROXY_AUTH (SPEC §5.4): the user name a trusted reverse proxy put in a header. A header from anyone
/// else is ignored (NoResult) and logged as a warning — never trusted. A trusted header that is empty once
/// the unwanted part is removed fails.
/// </summary>
internal sealed partial class ProxyAuthenticator : IAuthenticator
{
    private static readonly AuthResult EmptyUser = AuthResult.Fail("empty user");
    private static readonly AuthResult PatternTimedOut = AuthResult.Fail("user name pattern timed out");

    private readonly ProxyAuthenticatorOptions _options;
    private readonly IPNetwork[] _trusted;
    private readonly Regex? _unwanted;
    private readonly byte[]? _secretHash;
    private readonly ILogger _logger;

    public ProxyAuthenticator(IOptions<ProxyAuthenticatorOptions> options, ILogger<ProxyAuthenticator> logger)
    {
        _options = options.Value;
        _logger = logger;
        _trusted = _options.TrustedProxies
            .Select(value => NetworkOptions.TryParseNetwork(value, out var network) ? network : throw new InvalidOperationException($"Invalid trusted proxy '{value}'."))
            .ToArray();
        _unwanted = _options.UsernameUnwantedPartExpression is { } expression
            ? new Regex(expression, RegexOptions.CultureInvariant, _options.RegexTimeout)
            : null;

        // Hashing both sides makes the comparison constant-time in the secret's length too.
        _secretHash = _options.SharedSecret is { } secret ? SHA256.HashData(Encoding.UTF8.GetBytes(secret)) : null;
    }

    public string Name => AuthenticatorNames.Proxy;

    public ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.TryGetValue(_options.SsoHeaderName, out var values))
        {
            return ValueTask.FromResult(AuthResult.NoResult());
        }

        if (Untrusted(request) is { } why)
        {
            Log.Untrusted(_logger, _options.SsoHeaderName, request.RemoteAddress?.ToString() ?? "unknown", why);
            return ValueTask.FromResult(AuthResult.NoResult());
        }

        string user;
        try
        {
            user = (_unwanted?.Replace(values.ToString(), string.Empty) ?? values.ToString()).Trim();
        }
        catch (RegexMatchTimeoutException)
        {
            return ValueTask.FromResult(PatternTimedOut);
        }

        return ValueTask.FromResult(user.Length == 0 ? EmptyUser : AuthResult.Success(new Identity(user, Name)));
    }

    /// <summary>Why the request is not from a trusted proxy, or null when every configured check holds.</summary>
    private string? Untrusted(AuthRequest request)
    {
        if (_trusted.Length == 0 && _secretHash is null)
        {
            // Start-up refuses this in a chain; resolved on its own, the plugin still trusts nobody.
            return "no trusted proxy configured";
        }

        if (_trusted.Length > 0)
        {
            var peer = Normalize(request.RemoteAddress);
            if (peer is null || !IsTrusted(peer))
            {
                return "peer not in TrustedProxies";
            }

            if (_options.UseForwardedFor && request.Headers.TryGetValue(_options.ForwardedForHeader, out var forwarded))
            {
                // The last entry is the address our trusted peer itself saw; earlier ones are client claims.
                var last = forwarded.ToString().Split(',').Last().Trim();
                var client = IPAddress.TryParse(last, out var address) ? address
                    : IPEndPoint.TryParse(last, out var endpoint) ? endpoint.Address
                    : null;
                if (Normalize(client) is not { } origin || !IsTrusted(origin))
                {
                    return "forwarded address not in TrustedProxies";
                }
            }
        }

        if (_secretHash is not null)
        {
            var presented = request.GetHeader(_options.SharedSecretHeader!);
            if (presented is null || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _secretHash))
            {
                return "shared secret missing or wrong";
            }
        }

        return null;
    }

    private bool IsTrusted(IPAddress address) => _trusted.Any(network => network.Contains(address));

    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.ProxyUntrusted, EventName = nameof(LogEvents.ProxyUntrusted), Level = LogLevel.Warning, Message = "PROXY_AUTH ignored header {Header} from {Peer}: {Why}")]
        public static partial void Untrusted(ILogger logger, string header, string peer, string why);
    }
}
