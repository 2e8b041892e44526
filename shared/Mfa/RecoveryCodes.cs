using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Mfa;

/// <summary>
/// One-time recovery codes (SPEC §12): ten at a time, 80 random bits each, written as 16 characters of Crockford's
/// base32 in four groups (<c>7k2m-x9qa-…</c>: no I, L, O or U to misread; on input I and L read as 1, O as 0, case
/// and dashes do not matter).
/// </summary>
/// <remarks>
/// Stored as SHA-256 of a per-user random salt, the user's lower-case name and the code: not a slow password hash,
/// because 80 random bits need none (an offline search of one code is ~2^79 hashes, out of reach), and not keyed with
/// <c>mfa-key</c>, because recovery codes are what still works when that key's version has retired or been lost.
/// The salt keeps one search from covering every user's codes at once.
/// </remarks>
internal static class RecoveryCodes
{
    public const int Count = 10;

    private const int Length = 16;
    private const int Group = 4;
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int SaltBytes = 16;

    /// <summary>Ten new codes, as the user is shown them.</summary>
    public static string[] Generate()
    {
        var codes = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            var raw = RandomNumberGenerator.GetString(Alphabet, Length);
            codes[i] = string.Join('-', Enumerable.Range(0, Length / Group).Select(g => raw.Substring(g * Group, Group)));
        }

        return codes;
    }

    /// <summary>A new salt (base64) for a set of codes.</summary>
    public static string NewSalt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SaltBytes));

    /// <summary>
    /// <paramref name="input"/> as stored before hashing (16 characters of the alphabet), or null when it cannot be
    /// a recovery code at all.
    /// </summary>
    public static string? Normalize(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length > 4 * Length)
        {
            return null;
        }

        var builder = new StringBuilder(Length);
        foreach (var c in input)
        {
            var read = char.ToLowerInvariant(c) switch
            {
                '-' or ' ' => '\0',
                'o' => '0',
                'i' or 'l' => '1',
                var other => other,
            };
            if (read == '\0')
            {
                continue;
            }

            if (!Alphabet.Contains(read, StringComparison.Ordinal) || builder.Length == Length)
            {
                return null;
            }

            builder.Append(read);
        }

        return builder.Length == Length ? builder.ToString() : null;
    }

    /// <summary>The stored hash (hex) of a normalized code for <paramref name="userName"/> under <paramref name="salt"/>.</summary>
    public static string Hash(string salt, string userName, string normalized)
    {
        var saltBytes = Convert.FromBase64String(salt);
        var text = Encoding.UTF8.GetBytes(userName.ToLowerInvariant() + "\n" + normalized);
        return Convert.ToHexStringLower(SHA256.HashData([.. saltBytes, .. text]));
    }

    /// <summary>
    /// The position of <paramref name="hash"/> in <paramref name="stored"/>, or -1. Every entry is compared, in
    /// constant time: how long it takes says nothing about which code, if any, matched.
    /// </summary>
    public static int IndexOf(IReadOnlyList<string> stored, string hash)
    {
        var wanted = Encoding.ASCII.GetBytes(hash);
        var found = -1;
        for (var i = 0; i < stored.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored[i]), wanted))
            {
                found = i;
            }
        }

        return found;
    }
}
