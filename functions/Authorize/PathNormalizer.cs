using System.Text;

namespace Gatehouse.Functions.Authorize;

/// <summary>
/// Puts an original path in the form the upstream will serve, before URL patterns are matched:
/// percent-decoded once, <c>%2F</c> included (nginx decodes it too before matching locations),
/// duplicate slashes merged (nginx's <c>merge_slashes</c>) and dot segments resolved (RFC 3986 §5.2.4).
/// Without this, <c>/public/../admin</c> or <c>/public/..%2Fadmin</c> would match an open URL meant for
/// <c>/public/</c> while the upstream serves <c>/admin</c>.
/// </summary>
internal static class PathNormalizer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The normalized path, or null when it is not a usable path (control characters, bad encoding).</summary>
    public static string? Normalize(string rawPath)
    {
        if (rawPath.Length == 0 || rawPath[0] != '/')
        {
            return null;
        }

        // Most paths are normal already: they are returned as they are, not split and rebuilt.
        if (IsNormal(rawPath))
        {
            return rawPath;
        }

        var decoded = Decode(rawPath);
        if (decoded is null || decoded.Any(char.IsControl))
        {
            return null;
        }

        var segments = new List<string>();
        foreach (var segment in decoded.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    continue;
                default:
                    segments.Add(segment);
                    break;
            }
        }

        var builder = new StringBuilder(decoded.Length);
        foreach (var segment in segments)
        {
            builder.Append('/').Append(segment);
        }

        // A trailing slash is meaningful to upstreams and to patterns such as "/public/.*".
        if (decoded.EndsWith('/') || decoded.EndsWith("/.", StringComparison.Ordinal) || decoded.EndsWith("/..", StringComparison.Ordinal))
        {
            builder.Append('/');
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    /// <summary>
    /// True when normalizing would change nothing: nothing percent-encoded, no control character, no empty
    /// segment and no dot segment (every segment follows a slash, so a dot segment is a "/." or "/.." that
    /// ends the path or is followed by a slash).
    /// </summary>
    private static bool IsNormal(ReadOnlySpan<char> path) =>
        !path.Contains('%') &&
        !path.ContainsAnyInRange('\u0000', '\u001F') && !path.ContainsAnyInRange('\u007F', '\u009F') &&
        !path.Contains("//", StringComparison.Ordinal) &&
        !path.Contains("/./", StringComparison.Ordinal) && !path.Contains("/../", StringComparison.Ordinal) &&
        !path.EndsWith("/.", StringComparison.Ordinal) && !path.EndsWith("/..", StringComparison.Ordinal);

    /// <summary>Percent-decodes once into UTF-8 bytes and decodes them strictly: invalid UTF-8 is refused, not replaced.</summary>
    private static string? Decode(string raw)
    {
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return raw;
        }

        var bytes = new List<byte>(raw.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length &&
                byte.TryParse(raw.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var value))
            {
                bytes.Add(value);
                i += 2;
                continue;
            }

            var width = char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]) ? 2 : 1;
            if (width == 1 && char.IsSurrogate(raw[i]))
            {
                return null;
            }

            var length = Encoding.UTF8.GetBytes(raw.AsSpan(i, width), utf8);
            bytes.AddRange(utf8[..length]);
            i += width - 1;
        }

        try
        {
            return StrictUtf8.GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
