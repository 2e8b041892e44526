using Microsoft.Extensions.Configuration;

namespace Gatehouse.Chain;

/// <summary>
/// Which plugins run for which request (SPEC §4.2), bound from <c>Gatehouse:Chain</c>. A list that is
/// present in configuration replaces the shipped one entirely (<c>[]</c> makes it empty); an absent list
/// keeps the shipped default. Validated at start: unknown plugin names, empty chains and bad regular
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
    public const string SectionName = "Gatehouse:Chain";

    /// <summary>The plugins of the default chain, in order.</summary>
    public IList<string> Default { get; set; } = [AuthenticatorNames.Basic, AuthenticatorNames.Token, AuthenticatorNames.Anonymous];

    /// <summary>Specific chains; the first one (in this order) whose selectors match the request wins.</summary>
    public IList<SpecificChainOptions> Specific { get; set; } =
    [
        new()
        {
            Name = "TokenAuth",
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Authentication-Token"] = ".*" },
            Plugins = [AuthenticatorNames.Token],
        },
        new()
        {
            Name = "Handshake",
            UrlPatterns = ["/authentication/token/?"],
            Plugins = [AuthenticatorNames.Basic, AuthenticatorNames.Token],
        },
    ];

    /// <summary>Requests allowed without identity.</summary>
    public IList<OpenUrlOptions> OpenUrls { get; set; } = [new() { Grant = "/health", Method = "GET" }];

    /// <summary>How long one regular-expression match may take before it is abandoned (fail closed).</summary>
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    internal List<string> ConfigurationErrors { get; } = [];

    /// <summary>True when <paramref name="plugin"/> can run for some request.</summary>
    internal bool Uses(string plugin) =>
        Default.Contains(plugin) || Specific.Any(chain => chain.Plugins?.Contains(plugin) == true);

    internal void Read(IConfigurationSection section)
    {
        var reader = new OptionsReader(section, ConfigurationErrors);
        Default = reader.Strings(nameof(Default), Default);
        RegexTimeout = reader.TimeSpan(nameof(RegexTimeout), RegexTimeout);

        if (reader.Items(nameof(Specific)) is { } specific)
        {
            Specific = specific.Select(item => new SpecificChainOptions
            {
                Name = item.String(nameof(SpecificChainOptions.Name), null) ?? string.Empty,
                UrlPatterns = item.Strings(nameof(SpecificChainOptions.UrlPatterns), []),
                Headers = item.Map(nameof(SpecificChainOptions.Headers)) ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
                Plugins = item.Strings(nameof(SpecificChainOptions.Plugins)),
                AllowedPlugins = item.Strings(nameof(SpecificChainOptions.AllowedPlugins)),
            }).ToList();
        }

        if (reader.Items(nameof(OpenUrls)) is { } openUrls)
        {
            OpenUrls = openUrls.Select(item => new OpenUrlOptions
            {
                Grant = item.String(nameof(OpenUrlOptions.Grant), null) ?? string.Empty,
                Deny = item.String(nameof(OpenUrlOptions.Deny), null),
                Method = item.String(nameof(OpenUrlOptions.Method), null),
            }).ToList();
        }
    }
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
    public IList<string> UrlPatterns { get; set; } = [];

    /// <summary>Header name → regular expression; the chain matches when the header is present and its value matches.</summary>
    public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The plugins of this chain, in order (replaces the default chain).</summary>
    public IList<string>? Plugins { get; set; }

    /// <summary>The default chain's plugins that may run here, in the default chain's order.</summary>
    public IList<string>? AllowedPlugins { get; set; }
}

/// <summary>A URL allowed without identity: <see cref="Grant"/> matches, <see cref="Deny"/> does not (deny wins), and the method is <see cref="Method"/> when set.</summary>
public sealed class OpenUrlOptions
{
    public string Grant { get; set; } = string.Empty;

    public string? Deny { get; set; }

    /// <summary>The only HTTP method allowed (case-insensitive), or null for any.</summary>
    public string? Method { get; set; }
}
