using Gatehouse.Functions.Authorize;
using Gatehouse.Functions.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Functions.Http;

/// <summary>
/// A request whose path, as sent, is ambiguous (<see cref="OriginalPath"/>) is refused (400): the server decodes
/// and resolves it before routing, so <c>/authorize/%2e%2e/tokens</c> would otherwise reach the token page and
/// <c>/authorize/%2568ealth</c> be decoded twice. Requests that stay under <c>/authorize</c> are the
/// authorizer's to judge: there the path is the original request's, read once with its own settings.
/// </summary>
internal static class RawPathGuard
{
    /// <summary>The 400 text for an ambiguous request path, or null when it is fine.</summary>
    public static string? Refusal(HttpContext context)
    {
        var raw = RawPath(context.Features.Get<IHttpRequestFeature>()?.RawTarget);
        if (raw is null || StaysUnderAuthorize(context.Request, raw))
        {
            return null;
        }

        return OriginalPath.TryCanonicalize(raw, encodedSlashesAsData: false, out _, out _, out var problem)
            ? null
            : $"Bad request: the path is refused: {problem}.";
    }

    /// <summary>The path of the request target as sent (origin or absolute form); null when there is none to check.</summary>
    private static string? RawPath(string? target)
    {
        if (string.IsNullOrEmpty(target) || target == "*")
        {
            return null;
        }

        if (target[0] != '/')
        {
            var scheme = target.IndexOf("://", StringComparison.Ordinal);
            var slash = scheme < 0 ? -1 : target.IndexOf('/', scheme + 3);
            target = slash < 0 ? "/" : target[slash..];
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    private static bool StaysUnderAuthorize(HttpRequest request, string raw)
    {
        var prefix = request.PathBase.HasValue ? request.PathBase.ToUriComponent() + Routes.AuthorizePath : Routes.AuthorizePath;
        return request.Path.StartsWithSegments(Routes.AuthorizePath, StringComparison.OrdinalIgnoreCase)
            && raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && (raw.Length == prefix.Length || raw[prefix.Length] == '/');
    }
}
