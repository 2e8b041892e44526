using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Chain;

/// <summary>
/// Reads one options section by hand. The reflection binder is not trim/AOT-safe (the library is
/// <c>IsAotCompatible</c>), and reading by hand lets every bad value be reported with its full key
/// (e.g. <c>Gatehouse:Plugins:PORTAL_AUTH:MaxAge</c>) instead of a generic conversion error.
/// An absent key keeps the option's current (shipped) value; a present list replaces it entirely.
/// </summary>
internal sealed class OptionsReader
{
    private readonly IConfigurationSection _section;
    private readonly List<string> _errors;

    public OptionsReader(IConfigurationSection section, List<string> errors)
    {
        _section = section;
        _errors = errors;
    }

    public string Path => _section.Path;

    public string KeyOf(string key) => ConfigurationPath.Combine(_section.Path, key);

    public bool Has(string key) => _section.GetSection(key).Exists();

    /// <summary>The value, or <paramref name="current"/> when the key is absent.</summary>
    public string? String(string key, string? current) => _section[key] ?? current;

    public bool Bool(string key, bool current) => Parse(key, current, "true or false", static (string s, out bool v) => bool.TryParse(s, out v));

    public int Int(string key, int current) =>
        Parse(key, current, "an integer", static (string s, out int v) => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v));

    /// <summary>A duration written as <c>[d.]hh:mm:ss[.fffffff]</c>, e.g. <c>00:00:30</c>.</summary>
    public TimeSpan TimeSpan(string key, TimeSpan current) =>
        Parse(key, current, "a duration like 00:00:30", static (string s, out TimeSpan v) => System.TimeSpan.TryParseExact(s, "c", CultureInfo.InvariantCulture, out v));

    /// <summary>A list of scalars in key order, or <paramref name="current"/> when absent. <c>[]</c> in JSON reads as an empty list.</summary>
    public IList<string> Strings(string key, IList<string> current) => Strings(key) ?? current;

    /// <summary>A list of scalars in key order, or null when the key is absent.</summary>
    public IList<string>? Strings(string key)
    {
        var list = _section.GetSection(key);
        if (!list.Exists())
        {
            return null;
        }

        var values = new List<string>();
        foreach (var child in list.GetChildren())
        {
            if (child.Value is null)
            {
                _errors.Add($"{child.Path}: expected a value, found a section.");
                continue;
            }

            values.Add(child.Value);
        }

        return values;
    }

    /// <summary>A section of name → value pairs, or null when absent.</summary>
    public IDictionary<string, string>? Map(string key)
    {
        var map = _section.GetSection(key);
        if (!map.Exists())
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in map.GetChildren())
        {
            if (child.Value is null)
            {
                _errors.Add($"{child.Path}: expected a value, found a section.");
                continue;
            }

            values[child.Key] = child.Value;
        }

        return values;
    }

    /// <summary>Readers for the items of a list of sections, or null when the key is absent.</summary>
    public IReadOnlyList<OptionsReader>? Items(string key)
    {
        var list = _section.GetSection(key);
        return list.Exists() ? list.GetChildren().Select(child => new OptionsReader(child, _errors)).ToList() : null;
    }

    private T Parse<T>(string key, T current, string expected, TryParser<T> parse)
    {
        var value = _section[key];
        if (value is null)
        {
            return current;
        }

        if (parse(value.Trim(), out var parsed))
        {
            return parsed;
        }

        _errors.Add($"{KeyOf(key)}: '{value}' is not {expected}.");
        return current;
    }

    private delegate bool TryParser<T>(string value, out T parsed);
}
