using System.Text.RegularExpressions;

namespace Gatehouse.Chain;

/// <summary>
/// <see cref="ChainOptions"/> turned into plugin instances and compiled regexes, once. Building it is
/// also the validation: every problem is reported with the configuration key that holds it.
/// </summary>
internal sealed class CompiledChains
{
    private CompiledChains(IAuthenticator[] defaultChain, SpecificChain[] specific, OpenUrl[] openUrls)
    {
        Default = defaultChain;
        Specific = specific;
        OpenUrls = openUrls;
    }

    public IAuthenticator[] Default { get; }

    public SpecificChain[] Specific { get; }

    public OpenUrl[] OpenUrls { get; }

    /// <summary>Compiles the options; <paramref name="errors"/> lists every misconfiguration (then the result is null).</summary>
    public static CompiledChains? TryCompile(ChainOptions options, IEnumerable<IAuthenticator> plugins, out List<string> errors)
    {
        var byName = plugins.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        var timeout = options.RegexTimeout;
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromSeconds(10))
        {
            problems.Add($"{ChainOptions.Section}:RegexTimeout must be between 0 and 10 seconds.");
            timeout = TimeSpan.FromMilliseconds(100);
        }

        var defaultChain = Resolve(options.Default, $"{ChainOptions.Section}:Default", byName, problems);
        var specific = new List<SpecificChain>();
        for (var i = 0; i < options.Specific.Count; i++)
        {
            var key = $"{ChainOptions.Section}:Specific:{i}";
            var spec = options.Specific[i];
            var urls = spec.UrlPatterns.Select((pattern, j) => Compile(pattern, $"{key}:UrlPatterns:{j}", timeout, problems)).OfType<Regex>().ToArray();
            var headers = spec.Headers.Select(h => (Name: h.Key, Pattern: Compile(h.Value, $"{key}:Headers:{h.Key}", timeout, problems)))
                .Where(h => h.Pattern is not null).Select(h => (h.Name, h.Pattern!)).ToArray();
            if (spec.UrlPatterns.Count == 0 && spec.Headers.Count == 0)
            {
                problems.Add($"{key} matches nothing: give UrlPatterns and/or Headers.");
            }

            IAuthenticator[] chain;
            if (spec.Plugins.Count > 0 == spec.AllowedPlugins.Count > 0)
            {
                problems.Add($"{key} needs exactly one of Plugins (replaces the default chain) or AllowedPlugins (filters it).");
                chain = [];
            }
            else if (spec.Plugins.Count > 0)
            {
                chain = Resolve(spec.Plugins, $"{key}:Plugins", byName, problems);
            }
            else
            {
                Resolve(spec.AllowedPlugins, $"{key}:AllowedPlugins", byName, problems);
                chain = defaultChain.Where(p => spec.AllowedPlugins.Contains(p.Name, StringComparer.Ordinal)).ToArray();
                if (chain.Length == 0)
                {
                    problems.Add($"{key}:AllowedPlugins keeps none of the default chain's plugins.");
                }
            }

            specific.Add(new SpecificChain(spec.Name ?? key, urls, headers, chain));
        }

        var openUrls = new List<OpenUrl>();
        for (var i = 0; i < options.OpenUrls.Count; i++)
        {
            var key = $"{ChainOptions.Section}:OpenUrls:{i}";
            var open = options.OpenUrls[i];
            if (string.IsNullOrEmpty(open.Grant))
            {
                problems.Add($"{key}:Grant is required.");
                continue;
            }

            var grant = Compile(open.Grant, $"{key}:Grant", timeout, problems);
            var deny = open.Deny is null ? null : Compile(open.Deny, $"{key}:Deny", timeout, problems);
            if (grant is not null)
            {
                openUrls.Add(new OpenUrl(grant, deny, string.IsNullOrEmpty(open.Method) ? null : open.Method.ToUpperInvariant()));
            }
        }

        errors = problems;
        return problems.Count == 0 ? new CompiledChains(defaultChain, [.. specific], [.. openUrls]) : null;
    }

    private static IAuthenticator[] Resolve(IList<string> names, string key, Dictionary<string, IAuthenticator> byName, List<string> problems)
    {
        if (names.Count == 0)
        {
            problems.Add($"{key} is empty: a chain needs at least one plugin.");
        }

        var chain = new List<IAuthenticator>();
        for (var i = 0; i < names.Count; i++)
        {
            if (byName.TryGetValue(names[i], out var plugin))
            {
                chain.Add(plugin);
            }
            else
            {
                problems.Add($"{key}:{i} names unknown plugin '{names[i]}' (known: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}).");
            }
        }

        return [.. chain];
    }

    private static Regex? Compile(string pattern, string key, TimeSpan timeout, List<string> problems)
    {
        try
        {
            // Full match, as Nuxeo's URL patterns and the SPEC require; the timeout bounds backtracking.
            return new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, timeout);
        }
        catch (ArgumentException exception)
        {
            problems.Add($"{key} is not a valid regular expression: {exception.Message}");
            return null;
        }
    }
}

/// <summary>A compiled specific chain.</summary>
internal sealed record SpecificChain(string Name, Regex[] UrlPatterns, (string Name, Regex Pattern)[] Headers, IAuthenticator[] Plugins);

/// <summary>A compiled open URL.</summary>
internal sealed record OpenUrl(Regex Grant, Regex? Deny, string? Method);
