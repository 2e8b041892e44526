using System.Text.RegularExpressions;

namespace Gatehouse.Chain;

/// <summary>What matching a configured pattern against a request value gave.</summary>
internal enum PatternMatch
{
    NoMatch,
    Match,

    /// <summary>The match ran out of time; each caller decides which way that fails closed.</summary>
    TimedOut,
}

/// <summary>A configured regular expression that must match a whole value, compiled once at start.</summary>
internal sealed class ChainPattern
{
    private readonly Regex _regex;

    private ChainPattern(Regex regex, string key)
    {
        _regex = regex;
        Key = key;
    }

    /// <summary>The configuration key the pattern came from, for logs.</summary>
    public string Key { get; }

    /// <summary>
    /// Compiles <paramref name="pattern"/> for a full match. The pattern is checked on its own first: wrapped
    /// in <c>\A(?:…)\z</c>, an unbalanced pattern such as <c>a)|(b</c> would otherwise compile into something else.
    /// </summary>
    public static bool TryCreate(string pattern, TimeSpan timeout, string key, out ChainPattern? created, out string? error)
    {
        created = null;
        error = null;
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, timeout);
            created = new ChainPattern(new Regex($@"\A(?:{pattern})\z", RegexOptions.CultureInvariant, timeout), key);
            return true;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>A pattern that matches nothing, standing in for an invalid one in a plan that will not run.</summary>
    public static ChainPattern Never(string key) => new(new Regex("(?!)", RegexOptions.CultureInvariant), key);

    public PatternMatch Evaluate(string value)
    {
        try
        {
            return _regex.IsMatch(value) ? PatternMatch.Match : PatternMatch.NoMatch;
        }
        catch (RegexMatchTimeoutException)
        {
            return PatternMatch.TimedOut;
        }
    }
}
