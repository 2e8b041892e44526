using System.Runtime.CompilerServices;

namespace Gatehouse.Chain;

/// <summary>
/// The configured chains compiled (SPEC §4.2): open URLs, specific chains with their selectors and the default
/// chain, each plugin by name and each pattern compiled once; or why they cannot be what their author meant
/// (unknown plugin names, empty chains, bad regular expressions, a specific chain with both or neither of
/// <c>Plugins</c> and <c>AllowedPlugins</c>), each reason naming its configuration key. Built once per options
/// value, for the start-up validator and the chain alike.
/// </summary>
internal sealed class ChainPlan
{
    private const string Section = ChainOptions.Section;
    private static readonly ConditionalWeakTable<ChainOptions, ChainPlan> Plans = new();

    private readonly List<string> _errors = [];
    private readonly Func<string, bool> _isPlugin;

    private ChainPlan(ChainOptions options, Func<string, bool> isPlugin)
    {
        _isPlugin = isPlugin;
        if (options.RegexTimeout <= TimeSpan.Zero || options.RegexTimeout > TimeSpan.FromSeconds(10))
        {
            _errors.Add($"{Section}:RegexTimeout: must be more than 0 and at most 00:00:10.");
        }

        var timeout = options.RegexTimeout > TimeSpan.Zero ? options.RegexTimeout : TimeSpan.FromMilliseconds(100);
        CheckChain(options.Default, $"{Section}:Default");
        Default = new PluginList("default", [.. options.Default]);
        Specific = CompileSpecific(options, timeout);
        OpenUrls = CompileOpenUrls(options, timeout);
    }

    /// <summary>Why the configuration cannot run; empty when it can.</summary>
    public IReadOnlyList<string> Errors => _errors;

    public PluginList Default { get; }

    public Selector[] Specific { get; }

    public OpenUrl[] OpenUrls { get; }

    /// <summary>The plan of <paramref name="options"/>, compiled on first use; <paramref name="isPlugin"/> says which names are plugins.</summary>
    public static ChainPlan Of(ChainOptions options, Func<string, bool> isPlugin) => Plans.GetValue(options, o => new ChainPlan(o, isPlugin));

    private Selector[] CompileSpecific(ChainOptions options, TimeSpan timeout)
    {
        var selectors = new List<Selector>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Specific.Count; i++)
        {
            var chain = options.Specific[i];
            var key = $"{Section}:Specific:{i}";
            if (string.IsNullOrWhiteSpace(chain.Name))
            {
                _errors.Add($"{key}:Name: a specific chain needs a name.");
            }
            else if (!names.Add(chain.Name))
            {
                _errors.Add($"{key}:Name: '{chain.Name}' names two specific chains.");
            }

            if (chain.UrlPatterns.Count == 0 && chain.Headers.Count == 0)
            {
                _errors.Add($"{key}: a specific chain needs UrlPatterns or Headers to select it.");
            }

            var urls = chain.UrlPatterns.Select((pattern, j) => Compile(pattern, timeout, $"{key}:UrlPatterns:{j}")).ToArray();
            var headers = chain.Headers.Select(header => (header.Key, Compile(header.Value, timeout, $"{key}:Headers:{header.Key}"))).ToArray();
            selectors.Add(new Selector(urls, headers, new PluginList(chain.Name, [.. PluginsOf(chain, options.Default, key)])));
        }

        return [.. selectors];
    }

    private List<string> PluginsOf(SpecificChainOptions chain, List<string> defaultChain, string key)
    {
        switch (chain.Plugins, chain.AllowedPlugins)
        {
            case (null, null):
                _errors.Add($"{key}:Plugins: set Plugins (replaces the default chain) or AllowedPlugins (filters it).");
                return [];
            case (not null, not null):
                _errors.Add($"{key}:Plugins: set Plugins or AllowedPlugins, not both.");
                return [];
            case (not null, null):
                CheckChain(chain.Plugins, $"{key}:Plugins");
                return chain.Plugins;
            case (null, not null):
                CheckNames(chain.AllowedPlugins, $"{key}:AllowedPlugins");
                var plugins = defaultChain.Where(chain.AllowedPlugins.Contains).ToList();
                if (plugins.Count == 0)
                {
                    _errors.Add($"{key}:AllowedPlugins: leaves none of the default chain's plugins: the chain would be empty.");
                }

                return plugins;
        }
    }

    private OpenUrl[] CompileOpenUrls(ChainOptions options, TimeSpan timeout)
    {
        var openUrls = new List<OpenUrl>();
        for (var i = 0; i < options.OpenUrls.Count; i++)
        {
            var open = options.OpenUrls[i];
            var key = $"{Section}:OpenUrls:{i}";
            if (open.Method is not null && (open.Method.Length == 0 || !open.Method.All(char.IsAsciiLetter)))
            {
                _errors.Add($"{key}:Method: '{open.Method}' is not an HTTP method.");
            }

            if (string.IsNullOrEmpty(open.Grant))
            {
                _errors.Add($"{key}:Grant: an open URL needs a Grant pattern.");
                continue;
            }

            openUrls.Add(new OpenUrl(
                Compile(open.Grant, timeout, $"{key}:Grant"),
                open.Deny is null ? null : Compile(open.Deny, timeout, $"{key}:Deny"),
                open.Method));
        }

        return [.. openUrls];
    }

    private void CheckChain(List<string> plugins, string key)
    {
        if (plugins.Count == 0)
        {
            _errors.Add($"{key}: the chain is empty.");
        }

        CheckNames(plugins, key);
    }

    private void CheckNames(List<string> plugins, string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plugins.Count; i++)
        {
            if (!_isPlugin(plugins[i]))
            {
                _errors.Add($"{key}:{i}: unknown plugin '{plugins[i]}' (names are case-sensitive, e.g. {AuthenticatorNames.Basic}).");
            }
            else if (!seen.Add(plugins[i]))
            {
                _errors.Add($"{key}:{i}: plugin '{plugins[i]}' is listed twice.");
            }
        }
    }

    /// <summary>The compiled pattern; an invalid one is reported, and stands in as one that never matches (such a plan never runs).</summary>
    private ChainPattern Compile(string pattern, TimeSpan timeout, string key)
    {
        if (ChainPattern.TryCreate(pattern, timeout, key, out var created, out var error))
        {
            return created!;
        }

        _errors.Add($"{key}: invalid regular expression: {error}");
        return ChainPattern.Never(key);
    }

    /// <summary>A chain's name and its plugins' names, in order.</summary>
    internal sealed record PluginList(string Name, string[] Plugins);

    internal sealed record OpenUrl(ChainPattern Grant, ChainPattern? Deny, string? Method);

    internal sealed record Selector(ChainPattern[] UrlPatterns, (string Name, ChainPattern Pattern)[] Headers, PluginList Chain);
}
