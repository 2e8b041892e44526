using Microsoft.Extensions.Options;

namespace Gatehouse.Chain;

/// <summary>
/// Fails start-up on a chain that cannot be what its author meant (SPEC §4.2): unknown plugin names,
/// empty chains, bad regular expressions, a specific chain with both or neither of <c>Plugins</c> and
/// <c>AllowedPlugins</c>. Each failure names its configuration key.
/// </summary>
internal sealed class ChainOptionsValidator : IValidateOptions<ChainOptions>
{
    private const string Section = ChainOptions.SectionName;
    private readonly AuthenticatorRegistry _registry;

    public ChainOptionsValidator(AuthenticatorRegistry registry) => _registry = registry;

    public ValidateOptionsResult Validate(string? name, ChainOptions options)
    {
        var errors = new List<string>(options.ConfigurationErrors);

        if (options.RegexTimeout <= TimeSpan.Zero || options.RegexTimeout > TimeSpan.FromSeconds(10))
        {
            errors.Add($"{Section}:RegexTimeout: must be more than 0 and at most 00:00:10.");
        }

        var timeout = options.RegexTimeout > TimeSpan.Zero ? options.RegexTimeout : TimeSpan.FromMilliseconds(100);
        CheckChain(options.Default, $"{Section}:Default", errors);

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Specific.Count; i++)
        {
            var chain = options.Specific[i];
            var key = $"{Section}:Specific:{i}";
            if (string.IsNullOrWhiteSpace(chain.Name))
            {
                errors.Add($"{key}:Name: a specific chain needs a name.");
            }
            else if (!names.Add(chain.Name))
            {
                errors.Add($"{key}:Name: '{chain.Name}' names two specific chains.");
            }

            if (chain.UrlPatterns.Count == 0 && chain.Headers.Count == 0)
            {
                errors.Add($"{key}: a specific chain needs UrlPatterns or Headers to select it.");
            }

            for (var j = 0; j < chain.UrlPatterns.Count; j++)
            {
                CheckPattern(chain.UrlPatterns[j], timeout, $"{key}:UrlPatterns:{j}", errors);
            }

            foreach (var (header, pattern) in chain.Headers)
            {
                CheckPattern(pattern, timeout, $"{key}:Headers:{header}", errors);
            }

            switch (chain.Plugins, chain.AllowedPlugins)
            {
                case (null, null):
                    errors.Add($"{key}:Plugins: set Plugins (replaces the default chain) or AllowedPlugins (filters it).");
                    break;
                case (not null, not null):
                    errors.Add($"{key}:Plugins: set Plugins or AllowedPlugins, not both.");
                    break;
                case (not null, null):
                    CheckChain(chain.Plugins, $"{key}:Plugins", errors);
                    break;
                case (null, not null):
                    CheckNames(chain.AllowedPlugins, $"{key}:AllowedPlugins", errors);
                    if (!options.Default.Any(chain.AllowedPlugins.Contains))
                    {
                        errors.Add($"{key}:AllowedPlugins: leaves none of the default chain's plugins: the chain would be empty.");
                    }

                    break;
            }
        }

        for (var i = 0; i < options.OpenUrls.Count; i++)
        {
            var open = options.OpenUrls[i];
            var key = $"{Section}:OpenUrls:{i}";
            if (string.IsNullOrEmpty(open.Grant))
            {
                errors.Add($"{key}:Grant: an open URL needs a Grant pattern.");
            }
            else
            {
                CheckPattern(open.Grant, timeout, $"{key}:Grant", errors);
            }

            if (open.Deny is not null)
            {
                CheckPattern(open.Deny, timeout, $"{key}:Deny", errors);
            }

            if (open.Method is not null && (open.Method.Length == 0 || !open.Method.All(char.IsAsciiLetter)))
            {
                errors.Add($"{key}:Method: '{open.Method}' is not an HTTP method.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void CheckChain(IList<string> plugins, string key, List<string> errors)
    {
        if (plugins.Count == 0)
        {
            errors.Add($"{key}: the chain is empty.");
        }

        CheckNames(plugins, key, errors);
    }

    private void CheckNames(IList<string> plugins, string key, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plugins.Count; i++)
        {
            if (!_registry.Contains(plugins[i]))
            {
                errors.Add($"{key}:{i}: unknown plugin '{plugins[i]}' (names are case-sensitive, e.g. {AuthenticatorNames.Basic}).");
            }
            else if (!seen.Add(plugins[i]))
            {
                errors.Add($"{key}:{i}: plugin '{plugins[i]}' is listed twice.");
            }
        }
    }

    private static void CheckPattern(string pattern, TimeSpan timeout, string key, List<string> errors)
    {
        if (!ChainPattern.TryCreate(pattern, timeout, key, out _, out var error))
        {
            errors.Add($"{key}: invalid regular expression: {error}");
        }
    }
}
