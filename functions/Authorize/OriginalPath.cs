using System.Globalization;
using System.Text;

namespace Gatehouse.Functions.Authorize;

/// <summary>
/// The path of an original request (SPEC §8), in the one form URL patterns are matched against. A gateway may
/// forward the raw URI while the upstream decodes it its own way, so a path whose meaning depends on who decodes
/// it is refused, as Envoy's <c>path_with_escaped_slashes_action: REJECT_REQUEST</c> does: an encoded <c>/</c>
/// (unless kept as data), <c>\</c>, <c>.</c> or <c>%</c> (double encoding), a backslash, control characters, dot
/// segments, and bad percent-encoding or UTF-8. Without this, <c>/api/admin/..%2F..%2Fhealth</c> matched the open
/// <c>/health</c> while the upstream served the admin API to a caller with no identity. Other escapes are decoded
/// once; repeated slashes are merged (nginx's <c>merge_slashes</c>).
/// </summary>
internal static class OriginalPath
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The path to match, or the reason it is refused.</summary>
    /// <param name="raw">The path as the client sent it, still percent-encoded, without the query.</param>
    /// <param name="encodedSlashesAsData">Keep <c>%2F</c> as a character of a segment instead of refusing it.</param>
    /// <param name="path">The decoded path, slashes merged.</param>
    /// <param name="canonical">
    /// False when the path had to be rewritten to be matched (merged slashes) or keeps an encoded slash as data: open
    /// URLs never grant such a path, since the upstream may not read it as the matched form.
    /// </param>
    /// <param name="error">Why the path is refused, as the end of a sentence.</param>
    public static bool TryCanonicalize(string raw, bool encodedSlashesAsData, out string path, out bool canonical, out string? error)
    {
        (path, canonical, error) = (raw, true, null);
        if (raw.Length == 0 || raw[0] != '/')
        {
            error = "it must start with '/'";
            return false;
        }

        if (IsPlain(raw))
        {
            return true;
        }

        if (Decode(raw, encodedSlashesAsData, out var decoded, out var slashKept) is { } problem)
        {
            error = problem;
            return false;
        }

        var builder = new StringBuilder(decoded.Length);
        foreach (var segment in decoded.Split('/'))
        {
            if (segment is "." or "..")
            {
                error = "it has a dot segment ('.' or '..')";
                return false;
            }

            if (segment.Length > 0)
            {
                builder.Append('/').Append(segment);
            }
        }

        // A trailing slash is meaningful to upstreams and to patterns such as "/public/.*".
        if (builder.Length > 0 && decoded[^1] == '/')
        {
            builder.Append('/');
        }

        path = builder.Length == 0 ? "/" : builder.ToString();
        canonical = !slashKept && !decoded.Contains("//", StringComparison.Ordinal);
        return true;
    }

    /// <summary>Nothing encoded, no backslash or control character, no empty or dot segment: the path as it is.</summary>
    private static bool IsPlain(ReadOnlySpan<char> raw) =>
        !raw.ContainsAny('%', '\\') &&
        !raw.ContainsAnyInRange('\u0000', '\u001F') && !raw.ContainsAnyInRange('\u007F', '\u009F') &&
        !raw.Contains("//", StringComparison.Ordinal) &&
        !raw.Contains("/./", StringComparison.Ordinal) && !raw.Contains("/../", StringComparison.Ordinal) &&
        !raw.EndsWith("/.", StringComparison.Ordinal) && !raw.EndsWith("/..", StringComparison.Ordinal);

    /// <summary>Percent-decodes once, strictly; returns why the path is refused, or null.</summary>
    private static string? Decode(string raw, bool encodedSlashesAsData, out string decoded, out bool slashKept)
    {
        (decoded, slashKept) = (string.Empty, false);
        var bytes = new List<byte>(raw.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\')
            {
                return "it has a backslash";
            }

            if (char.IsControl(c))
            {
                return "it has a control character";
            }

            if (c != '%')
            {
                var width = char.IsHighSurrogate(c) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]) ? 2 : 1;
                if (width == 1 && char.IsSurrogate(c))
                {
                    return "it is not valid Unicode";
                }

                bytes.AddRange(utf8[..Encoding.UTF8.GetBytes(raw.AsSpan(i, width), utf8)]);
                i += width - 1;
                continue;
            }

            if (i + 2 >= raw.Length || !byte.TryParse(raw.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                return "it has a malformed percent-encoding";
            }

            i += 2;
            switch (value)
            {
                case (byte)'/' when encodedSlashesAsData:
                    // Kept encoded: a raw '%' always starts an escape and an encoded one is refused, so "%2F" in the
                    // matched path can only be this slash.
                    bytes.AddRange("%2F"u8);
                    slashKept = true;
                    break;
                case (byte)'/':
                    return "it has an encoded slash (%2F)";
                case (byte)'\\' or (byte)'.' or (byte)'%':
                    return $"it has an encoded '{(char)value}' (%{value:X2})";
                case < 0x20 or 0x7F:
                    return "it has an encoded control character";
                default:
                    bytes.Add(value);
                    break;
            }
        }

        try
        {
            decoded = StrictUtf8.GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return "it is not valid UTF-8 once decoded";
        }

        return decoded.Any(char.IsControl) ? "it has an encoded control character" : null;
    }
}
