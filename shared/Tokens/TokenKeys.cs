using Gatehouse.Secrets;

namespace Gatehouse.Tokens;

/// <summary>The token key's versions accepted at one moment, decoded. New tokens are derived with <see cref="Current"/>.</summary>
internal sealed class TokenKeys
{
    private readonly (SecretVersion Source, TokenKey? Key)[] _accepted;

    private TokenKeys(SecretSet set, (SecretVersion Source, TokenKey? Key)[] accepted, TokenKey current)
    {
        Set = set;
        _accepted = accepted;
        Current = current;
    }

    /// <summary>The secret store's answer these keys were decoded from.</summary>
    public SecretSet Set { get; }

    public TokenKey Current { get; }

    /// <summary>The accepted version with this id, or null when it is unknown, no longer accepted or not a usable key.</summary>
    public TokenKey? Find(string version)
    {
        foreach (var (source, key) in _accepted)
        {
            if (string.Equals(source.Version, version, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>
    /// Decodes <paramref name="set"/>, reusing what <paramref name="earlier"/> decoded from the very same versions; null
    /// when its current version is not a usable key.
    /// </summary>
    public static TokenKeys? Decode(SecretSet set, TokenKeys? earlier)
    {
        ArgumentNullException.ThrowIfNull(set);
        var accepted = set.Accepted.Select(version => (version, earlier?.DecodedFrom(version) ?? TokenKey.Decode(version))).ToArray();
        return accepted[0].Item2 is { } current ? new TokenKeys(set, accepted, current) : null;
    }

    /// <summary>
    /// The key decoded from this very version object. By identity, not value: a store hands out the same object for as
    /// long as a version is unchanged, and a value changed under the same id (configuration) comes as a new object.
    /// </summary>
    private TokenKey? DecodedFrom(SecretVersion version)
    {
        foreach (var (source, key) in _accepted)
        {
            if (ReferenceEquals(source, version))
            {
                return key;
            }
        }

        return null;
    }
}
