namespace Gatehouse.Secrets;

/// <summary>
/// The versions of a secret that are accepted now: the current one, and during a rotation's overlap
/// the previous enabled ones (SPEC §3). New material is always made with <see cref="Current"/>.
/// </summary>
public sealed record SecretSet(SecretVersion Current, IReadOnlyList<SecretVersion> Previous)
{
    /// <summary>Current first, then the previous versions still accepted.</summary>
    public IEnumerable<SecretVersion> Accepted => Previous.Prepend(Current);

    /// <summary>The accepted version with this id, or null when it is unknown or no longer accepted.</summary>
    public SecretVersion? Find(string version) => Accepted.FirstOrDefault(v => string.Equals(v.Version, version, StringComparison.Ordinal));
}
