using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Gatehouse.Chain;

/// <summary>
/// Which plugins run for which request (SPEC §4.2), bound from <c>Gatehouse:Chain</c>. A list that is
/// present in configuration replaces the shipped one entirely (<c>[]</c> makes it empty); an absent list
/// keeps the shipped default (<see cref="ChainOptionsDefaults"/>). Validated at start: unknown plugin names, empty chains and bad regular
/// expressions stop the host with the offending key.
/// <code>
/// "Gatehouse": {
///   "Chain": {
///     "Default": [ "BASIC_AUTH", "TOKEN_AUTH", "ANONYMOUS_AUTH" ],
///     "Specific": [
///       { "Name": "TokenAuth", "Headers": { "X-Authentication-Token": ".*" }, "Plugins": [ "TOKEN_AUTH" ] },
///       { "Name": "Handshake", "UrlPatterns": [ "/authentication/token/?" ], "Plugins": [ "BASIC_AUTH", "TOKEN_AUTH" ] },
///       { "Name": "NoAnonymousApi", "UrlPatterns": [ "/api/.*" ], "AllowedPlugins": [ "BASIC_AUTH", "TOKEN_AUTH" ] }
///     ],
///     "OpenUrls": [ { "Grant": "/health", "Method": "GET" }, { "Grant": "/public/.*", "Deny": "/public/private/.*" } ],
///     "RegexTimeout": "00:00:00.100"
///   }
/// }
/// </code>
/// Patterns are .NET regular expressions that must match the whole value (path without query string,
/// or header value); matching is case-sensitive and culture-invariant.
/// </summary>
public sealed class ChainOptions
{
    public const string Section = "Gatehouse:Chain";

    /// <summary>The plugins of the default chain, in order (shipped: <see cref="ChainOptionsDefaults"/>).</summary>
    public List<string> Default { get; set; } = [];

    /// <summary>Specific chains; the first one (in this order) whose selectors match the request wins.</summary>
    public List<SpecificChainOptions> Specific { get; set; } = [];

    /// <summary>Requests allowed without identity.</summary>
    public List<OpenUrlOptions> OpenUrls { get; set; } = [];

    /// <summary>How long one regular-expression match may take before it is abandoned (fail closed).</summary>
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>True when <paramref name="plugin"/> can run for some request.</summary>
    internal bool Uses(string plugin) =>
        Default.Contains(plugin) || Specific.Any(chain => chain.Plugins?.Contains(plugin) == true);
}

/// <summary>The shipped chains (SPEC §4.2), each applied only when configuration does not name its list.</summary>
internal sealed class ChainOptionsDefaults(IConfiguration configuration) : IPostConfigureOptions<ChainOptions>
{
    public void PostConfigure(string? name, ChainOptions options)
    {
        if (!Configured(nameof(ChainOptions.Default)))
        {
            options.Default = [AuthenticatorNames.Basic, AuthenticatorNames.Token, AuthenticatorNames.Anonymous];
        }

        if (!Configured(nameof(ChainOptions.Specific)))
        {
            options.Specific =
            [
                new()
                {
                    Name = "TokenAuth",
                    Headers = new(StringComparer.OrdinalIgnoreCase) { ["X-Authentication-Token"] = ".*" },
                    Plugins = [AuthenticatorNames.Token],
                },
                new()
                {
                    Name = "Handshake",
                    UrlPatterns = ["/authentication/token/?"],
                    Plugins = [AuthenticatorNames.Basic, AuthenticatorNames.Token],
                },
            ];
        }

        if (!Configured(nameof(ChainOptions.OpenUrls)))
        {
            options.OpenUrls = [new() { Grant = "/health", Method = "GET" }];
        }
    }

    private bool Configured(string list) => configuration.GetSection(ConfigurationPath.Combine(ChainOptions.Section, list)).Exists();
}

/// <summary>
/// A specific chain: selected when any of its selectors matches (as in Nuxeo): one of the URL patterns
/// matches the original path, or one of the headers is present with a matching value. Exactly one of
/// <see cref="Plugins"/> (replaces the default chain) or <see cref="AllowedPlugins"/> (filters it,
/// keeping the default order) must be set.
/// </summary>
public sealed class SpecificChainOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Regular expressions on the original path; the chain matches when one of them matches.</summary>
    public List<string> UrlPatterns { get; set; } = [];

    /// <summary>Header name → regular expression; the chain matches when the header is present and its value matches.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The plugins of this chain, in order (replaces the default chain).</summary>
    public List<string>? Plugins { get; set; }

    /// <summary>The default chain's plugins that may run here, in the default chain's order.</summary>
    public List<string>? AllowedPlugins { get; set; }
}

/// <summary>A URL allowed without identity: <see cref="Grant"/> matches, <see cref="Deny"/> does not (deny wins), and the method is <see cref="Method"/> when set.</summary>
public sealed class OpenUrlOptions
{
    public string Grant { get; set; } = string.Empty;

    public string? Deny { get; set; }

    /// <summary>The only HTTP method allowed (case-insensitive), or null for any.</summary>
    public string? Method { get; set; }
}
