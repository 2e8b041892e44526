using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.DeviceGrant;

/// <summary>
/// The two codes of a device authorization: the device code (256 random bits, base64url, only the device sees it)
/// and the user code (8 characters of <see cref="Alphabet"/>, shown <c>XXXX-XXXX</c>, typed by the user). Both are
/// stored as lower-case hex SHA-256 only; the user code is normalised first (upper case, dashes and spaces dropped).
/// </summary>
internal static class DeviceCodes
{
    /// <summary>Consonants only: no vowels to spell words, no look-alikes (0/O, 1/I/L, 5/S are not both there).</summary>
    public const string Alphabet = "BCDFGHJKLMNPQRSTVWXZ";

    public const int UserCodeLength = 8;

    private const int DeviceCodeBytes = 32;

    public static string NewDeviceCode() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(DeviceCodeBytes));

    /// <summary>A new user code as shown, <c>XXXX-XXXX</c>.</summary>
    public static string NewUserCode()
    {
        var code = RandomNumberGenerator.GetString(Alphabet, UserCodeLength);
        return code[..4] + "-" + code[4..];
    }

    /// <summary>The user code as typed, upper-cased without dashes or spaces; null when it cannot be one.</summary>
    public static string? NormaliseUserCode(string? typed)
    {
        if (typed is null || typed.Length > 2 * UserCodeLength)
        {
            return null;
        }

        var builder = new StringBuilder(UserCodeLength);
        foreach (var c in typed)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            builder.Append(upper);
        }

        return builder.Length == UserCodeLength ? builder.ToString() : null;
    }

    public static string Hash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
    }
}
