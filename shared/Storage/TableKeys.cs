using System.Globalization;
using System.Text;

namespace Gatehouse.Storage;

/// <summary>
/// Builds PartitionKey/RowKey values from user-supplied parts (SPEC §2). Table keys forbid
/// <c>/ \ # ?</c> and control characters and are limited to 1 KiB, so every user-supplied part is
/// percent-encoded reversibly: <c>%</c> itself, those characters, U+0000–U+001F, U+007F–U+009F and
/// the <see cref="Separator"/> become <c>%XX</c>. Everything else (spaces, non-ASCII) is kept, so keys
/// stay readable and short. The escaped form preserves equality exactly (no case folding here).
/// <para>
/// "1 KiB" is counted the way the service stores keys, in UTF-16: at most <see cref="MaxKeyChars"/>
/// code units (Azurite enforces exactly that). Keys are also kept within <see cref="MaxKeyUtf8Bytes"/>
/// of UTF-8, Cosmos DB for Table's id limit, so the scale path (SPEC §2) takes the same keys.
/// </para>
/// </summary>
internal static class TableKeys
{
    /// <summary>Joins escaped parts of a composite key; never appears unescaped inside a part.</summary>
    public const char Separator = '|';

    /// <summary>1 KiB of UTF-16: the longest PartitionKey or RowKey, in UTF-16 code units.</summary>
    public const int MaxKeyChars = 512;

    /// <summary>The longest key in UTF-8 bytes (Cosmos DB's id limit).</summary>
    public const int MaxKeyUtf8Bytes = 1023;

    /// <summary>
    /// Escapes one user-supplied part, which must fit in <paramref name="maxChars"/> UTF-16 code units and
    /// <paramref name="maxUtf8Bytes"/> UTF-8 bytes once escaped. Throws <see cref="ArgumentException"/>
    /// naming <paramref name="parameterName"/> when it cannot be a key part.
    /// </summary>
    public static string Escape(string value, string parameterName, int maxChars = MaxKeyChars, int maxUtf8Bytes = MaxKeyUtf8Bytes)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Length == 0)
        {
            throw new ArgumentException($"{parameterName} must not be empty.", parameterName);
        }

        // Escaping never shortens: a longer value cannot fit, and a huge one costs nothing more.
        if (value.Length > maxChars)
        {
            throw TooLong(parameterName, maxChars);
        }

        if (!IsWellFormedUtf16(value))
        {
            throw new ArgumentException($"{parameterName} is not valid Unicode text (it holds an unpaired surrogate).", parameterName);
        }

        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (MustEscape(c))
            {
                builder ??= new StringBuilder(value.Length + 8).Append(value, 0, i);
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder?.Append(c);
            }
        }

        var escaped = builder?.ToString() ?? value;
        if (escaped.Length > maxChars || Encoding.UTF8.GetByteCount(escaped) > maxUtf8Bytes)
        {
            throw TooLong(parameterName, maxChars);
        }

        return escaped;
    }

    /// <summary>Reverses <see cref="Escape"/>. Throws <see cref="FormatException"/> on a malformed escape.</summary>
    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        var percent = escaped.IndexOf('%', StringComparison.Ordinal);
        if (percent < 0)
        {
            return escaped;
        }

        var builder = new StringBuilder(escaped.Length).Append(escaped, 0, percent);
        for (var i = percent; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }

            if (i + 2 >= escaped.Length ||
                !byte.TryParse(escaped.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException($"Malformed escape at position {i} of a table key.");
            }

            builder.Append((char)code);
            i += 2;
        }

        return builder.ToString();
    }

    /// <summary>Joins already-escaped parts with <see cref="Separator"/> and checks the key limit.</summary>
    public static string Compose(string first, string second)
    {
        var key = string.Concat(first, Separator.ToString(), second);
        if (key.Length > MaxKeyChars || Encoding.UTF8.GetByteCount(key) > MaxKeyUtf8Bytes)
        {
            throw new ArgumentException("The key is longer than 1 KiB once encoded.");
        }

        return key;
    }

    /// <summary>True when <paramref name="value"/> holds a control character (U+0000–U+001F, U+007F–U+009F).</summary>
    public static bool HasControlCharacter(string value) => value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0;

    /// <summary>True when every surrogate in <paramref name="value"/> is paired (the text can be sent as UTF-8 without loss).</summary>
    public static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static ArgumentException TooLong(string parameterName, int maxChars) =>
        new($"{parameterName} is too long: at most {maxChars} characters, where / \\ # ? % | and control characters count as three.", parameterName);

    private static bool MustEscape(char c) =>
        c is '%' or '/' or '\\' or '#' or '?' or Separator or <= '\u001f' or (>= '\u007f' and <= '\u009f');
}
