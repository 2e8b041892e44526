using System.Collections.Frozen;

namespace Gatehouse.Tokens;

/// <summary>
/// What a token binding may do (SPEC §6, §8). Nuxeo stored the permission as free text and never enforced it;
/// Gatehouse accepts a closed set of spellings, stores the canonical <see cref="ReadOnly"/> or
/// <see cref="ReadWrite"/>, and restricts read-only tokens to GET, HEAD and OPTIONS.
/// </summary>
public static class TokenPermissions
{
    /// <summary>The stored value of a read-only binding.</summary>
    public const string ReadOnly = "ReadOnly";

    /// <summary>The stored value of a read-write binding (what Nuxeo Drive asks for).</summary>
    public const string ReadWrite = "ReadWrite";

    /// <summary>The accepted spellings, as a 400 names them.</summary>
    public const string AcceptedSpellings =
        "read-only: r, ro, read, readonly, read-only, read_only; read-write: rw, readwrite, read-write, read_write, write (any case)";

    private static readonly FrozenDictionary<string, string> Spellings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["r"] = ReadOnly,
        ["ro"] = ReadOnly,
        ["read"] = ReadOnly,
        ["readonly"] = ReadOnly,
        ["read-only"] = ReadOnly,
        ["read_only"] = ReadOnly,
        ["rw"] = ReadWrite,
        ["readwrite"] = ReadWrite,
        ["read-write"] = ReadWrite,
        ["read_write"] = ReadWrite,
        ["write"] = ReadWrite,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical permission for an accepted spelling, or null for anything else.</summary>
    public static string? Canonical(string? spelling) =>
        spelling is not null && Spellings.TryGetValue(spelling, out var canonical) ? canonical : null;

    /// <summary>
    /// True unless the stored permission is a read-write spelling. A value outside the set (written before
    /// the set was closed) fails closed: it reads, it does not write.
    /// </summary>
    public static bool IsReadOnly(string permission) => Canonical(permission) != ReadWrite;
}
