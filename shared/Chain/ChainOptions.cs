namespace Gatehouse.Chain;

/// <summary>
/// <c>Gatehouse:Chain</c> (SPEC §4.2). Shipped defaults mirror Nuxeo:
/// <code>
/// "Chain": {
///   "Default": [ "BASIC_AUTH", "TOKEN_AUTH", "ANONYMOUS_AUTH" ],
///   "Specific": [
///     { "Name": "TokenAuth", "Headers": { "X-Authentication-Token": ".*" }, "Plugins": [ "TOKEN_AUTH" ] },
///     { "Name": "Handshake", "UrlPatterns": [ "/authentication/token" ], "Plugins": [ "BASIC_AUTH", "TOKEN_AUTH" ] }
///   ],
///   "OpenUrls": [ { "Grant": "/health", "Method": "GET" } ]
/// }
/// </code>
/// Setting <c>Default</c> or <c>Specific</c> in configuration replaces the shipped list.
/// </summary>
public sealed class ChainOptions
{
    public const string Section = "Gatehouse:Chain";

    /// <summary>The default chain: plugin names in order.</summary>
    public IList<string> Default { get; set; } = [];

    /// <summary>Specific chains; the first that matches the request wins (declared order, unlike Nuxeo's hash order).</summary>
    public IList<SpecificChainOptions> Specific { get; set; } = [];

    /// <summary>URLs allowed without identity.</summary>
    public IList<OpenUrlOptions> OpenUrls { get; set; } = [];

    /// <summary>Longest any URL or header pattern may run before it counts as failed (fail closed).</summary>
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    internal static readonly string[] ShippedDefault = ["BASIC_AUTH", "TOKEN_AUTH", "ANONYMOUS_AUTH"];

    internal static SpecificChainOptions[] ShippedSpecific() =>
    [
        new() { Name = "TokenAuth", Headers = new Dictionary<string, string> { ["X-Authentication-Token"] = ".*" }, Plugins = ["TOKEN_AUTH"] },
        new() { Name = "Handshake", UrlPatterns = ["/authentication/token"], Plugins = ["BASIC_AUTH", "TOKEN_AUTH"] },
    ];

    internal static OpenUrlOptions[] ShippedOpenUrls() => [new() { Grant = "/health", Method = "GET" }];
}

/// <summary>A chain chosen by URL and/or headers: it replaces (<c>Plugins</c>) or filters (<c>AllowedPlugins</c>) the default.</summary>
public sealed class SpecificChainOptions
{
    public string? Name { get; set; }

    /// <summary>Regexes, full match on the original path; any one matching is enough.</summary>
    public IList<string> UrlPatterns { get; set; } = [];

    /// <summary>Header name → regex, full match on the value; every header must be present and match.</summary>
    public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public IList<string> Plugins { get; set; } = [];

    public IList<string> AllowedPlugins { get; set; } = [];
}

/// <summary>An open URL: <c>Grant</c> matches, <c>Deny</c> does not (deny wins), and the method matches when set.</summary>
public sealed class OpenUrlOptions
{
    public string? Grant { get; set; }

    public string? Deny { get; set; }

    public string? Method { get; set; }
}
