using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Tokens;

/// <summary>
/// The shapes of a Gatehouse token (SPEC §9), both derived from HMAC-SHA256(token-key, binding id):
/// <list type="bullet">
/// <item><see cref="TokenShape.Prefixed"/>: <c>gth_</c> + base64url of the whole MAC (43 characters) + a 6-character
/// base62 CRC-32 of everything before it. The prefix lets secret scanners find leaked tokens; the checksum rejects
/// typos and garbage without a storage read (a CRC-32 catches every single-character change). The checksum is no
/// secret: forging a token still needs the key.</item>
/// <item><see cref="TokenShape.Uuid"/>: the MAC's first 128 bits as a lower-case UUID, for clients that accept
/// nothing else. Without a checksum, anything UUID-shaped costs a lookup.</item>
/// </list>
/// </summary>
public static class TokenFormat
{
    /// <summary>What every token starts with.</summary>
    public const string Prefix = "gth_";

    /// <summary>The length of every <see cref="TokenShape.Prefixed"/> token.</summary>
    public const int Length = 53;

    /// <summary>The length of every <see cref="TokenShape.Uuid"/> token.</summary>
    public const int UuidLength = 36;

    private const int BodyLength = 43;
    private const int ChecksumLength = 6;
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>The token for <paramref name="bindingId"/> under <paramref name="key"/>: the same inputs always give the same token.</summary>
    public static string Derive(ReadOnlySpan<byte> key, string bindingId, TokenShape shape = TokenShape.Prefixed)
    {
        ArgumentNullException.ThrowIfNull(bindingId);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(bindingId), mac);
        if (shape == TokenShape.Uuid)
        {
            // Big-endian: the hex digits are the MAC's bytes in order; "D" is lower-case, hyphenated.
            return new Guid(mac[..16], bigEndian: true).ToString("D");
        }

        var head = Prefix + Base64Url.EncodeToString(mac);
        return head + EncodeChecksum(Crc32(head));
    }

    /// <summary>
    /// True when <paramref name="value"/> has the shape of a token of either kind (a prefixed one with a matching
    /// checksum), whatever shape new tokens are issued in. Says nothing about whether it was issued.
    /// </summary>
    public static bool IsWellFormed(string? value) => IsPrefixedWellFormed(value) || IsUuidShaped(value);

    /// <summary>True for <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c> in lower-case hex, the one spelling <see cref="Derive"/> makes.</summary>
    public static bool IsUuidShaped(ReadOnlySpan<char> value)
    {
        if (value.Length != UuidLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? value[i] == '-' : char.IsAsciiDigit(value[i]) || value[i] is >= 'a' and <= 'f';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPrefixedWellFormed(string? value)
    {
        if (value is not { Length: Length } || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var head = value.AsSpan(0, Prefix.Length + BodyLength);
        foreach (var c in head[Prefix.Length..])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return TryDecodeChecksum(value.AsSpan(Prefix.Length + BodyLength), out var checksum) && checksum == Crc32(head);
    }

    /// <summary>The lookup key of a token: lower-case hex SHA-256. Stored instead of the token (SPEC §9).</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    private static string EncodeChecksum(uint value)
    {
        Span<char> digits = stackalloc char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            digits[i] = Base62[(int)(value % 62)];
            value /= 62;
        }

        return new string(digits);
    }

    private static bool TryDecodeChecksum(ReadOnlySpan<char> digits, out uint value)
    {
        ulong total = 0;
        foreach (var c in digits)
        {
            var digit = Base62.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                value = 0;
                return false;
            }

            total = (total * 62) + (ulong)digit;
        }

        value = (uint)total;
        return total <= uint.MaxValue;
    }

    private static uint Crc32(ReadOnlySpan<char> ascii)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in ascii)
        {
            crc = CrcTable[(crc ^ (byte)c) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        // CRC-32/ISO-HDLC (zlib's), reflected polynomial 0xEDB88320.
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
