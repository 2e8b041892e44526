using System.Text.RegularExpressions;
using Gatehouse.Chain;
using Gatehouse.Network;
using Microsoft.Extensions.Options;

namespace Gatehouse.Plugins;

/// <summary>
/// PROXY_AUTH parameters (SPEC §5.4), bound from <c>Gatehouse:Plugins:PROXY_AUTH</c>. Unlike Nuxeo, the user
/// header is only trusted from a trusted proxy: configure <see cref="TrustedProxies"/>, the shared-secret
/// header, or both (then both must hold). Using PROXY_AUTH in a chain without either fails start-up.
/// </summary>
public sealed class ProxyAuthenticatorOptions
{
    public const string Section = "Gatehouse:Plugins:" + AuthenticatorNames.Proxy;

    /// <summary>The header carrying the user name.</summary>
    public string SsoHeaderName { get; set; } = "remote_user";

    /// <summary>A regular expression removed from the header value, e.g. <c>@EXAMPLE\.COM$</c>.</summary>
    public string? UsernameUnwantedPartExpression
    {
        get;
        set => field = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>, or single addresses) the proxy connects from.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// When the immediate peer is a trusted proxy (e.g. the gateway in front of Gatehouse), judge instead the
    /// address it reports in <see cref="ForwardedForHeader"/> (its last entry) against <see cref="TrustedProxies"/>.
    /// </summary>
    public bool UseForwardedFor { get; set; }

    public string ForwardedForHeader { get; set; } = "X-Forwarded-For";

    /// <summary>A header the proxy sends with <see cref="SharedSecret"/> as its value.</summary>
    public string? SharedSecretHeader
    {
        get;
        set => field = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The shared secret (at least 16 characters); compared in constant time.</summary>
    public string? SharedSecret
    {
        get;
        set => field = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Timeout of <see cref="UsernameUnwantedPartExpression"/>; a timeout fails the request.</summary>
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(100);



}

internal sealed class ProxyAuthenticatorOptionsValidator : IValidateOptions<ProxyAuthenticatorOptions>
{
    private const string Section = ProxyAuthenticatorOptions.Section;
    private readonly IOptions<ChainOptions> _chain;

    public ProxyAuthenticatorOptionsValidator(IOptions<ChainOptions> chain) => _chain = chain;

    public ValidateOptionsResult Validate(string? name, ProxyAuthenticatorOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SsoHeaderName))
        {
            errors.Add($"{Section}:SsoHeaderName: must not be empty.");
        }

        if (options.RegexTimeout <= TimeSpan.Zero || options.RegexTimeout > TimeSpan.FromSeconds(10))
        {
            errors.Add($"{Section}:RegexTimeout: must be more than 0 and at most 00:00:10.");
        }

        if (options.UsernameUnwantedPartExpression is { } expression)
        {
            try
            {
                _ = new Regex(expression, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{Section}:UsernameUnwantedPartExpression: invalid regular expression: {ex.Message}");
            }
        }

        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!NetworkOptions.TryParseNetwork(options.TrustedProxies[i], out _))
            {
                errors.Add($"{Section}:TrustedProxies:{i}: '{options.TrustedProxies[i]}' is not a CIDR block or an IP address.");
            }
        }

        if (options.UseForwardedFor && (options.TrustedProxies.Count == 0 || string.IsNullOrWhiteSpace(options.ForwardedForHeader)))
        {
            errors.Add($"{Section}:UseForwardedFor: needs TrustedProxies and a ForwardedForHeader.");
        }

        if ((options.SharedSecretHeader is null) != (options.SharedSecret is null))
        {
            errors.Add($"{Section}:SharedSecret: set both SharedSecretHeader and SharedSecret, or neither.");
        }
        else if (options.SharedSecret is { Length: < 16 })
        {
            errors.Add($"{Section}:SharedSecret: must be at least 16 characters.");
        }

        // The one required parameter: a proxy plugin in a chain must have some way to trust a request.
        if (options.TrustedProxies.Count == 0 && options.SharedSecret is null && _chain.Value.Uses(AuthenticatorNames.Proxy))
        {
            errors.Add($"{Section}:TrustedProxies: {AuthenticatorNames.Proxy} is in a chain but neither TrustedProxies nor SharedSecretHeader/SharedSecret is set.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
