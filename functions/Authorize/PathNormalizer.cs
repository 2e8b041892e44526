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
    /// <summary>The normalized path, or null when it is not a usable path (control characters, bad encoding).</summary>
    public static string? Normalize(string rawPath)
    {
        if (rawPath.Length == 0 || rawPath[0] != '/')
        {
            return null;
        }

        var decoded = Uri.UnescapeDataString(rawPath);
        if (decoded.Any(c => char.IsControl(c) || c == '\uFFFD'))
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
}
