using Gatehouse.Functions.Authorize;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Functions.Http;

/// <summary>
/// Refuses (400) a request whose path, as sent, is ambiguous (<see cref="OriginalPath"/>): Kestrel decodes and
/// resolves it before routing, so <c>/authorize/%2e%2e/tokens</c> would otherwise reach the token page and
/// <c>/authorize/%2568ealth</c> be decoded twice. Requests that stay under <c>/authorize</c> are the
/// authorizer's to judge: there the path is the original request's, read once with its own settings.
/// </summary>
internal sealed class RawPathGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var raw = RawPath(context.Features.Get<IHttpRequestFeature>()?.RawTarget);
        if (raw is null || StaysUnderAuthorize(request, raw))
        {
            return next(context);
        }

        return OriginalPath.TryCanonicalize(raw, encodedSlashesAsData: false, out _, out _, out var problem)
            ? next(context)
            : Responses.TextAsync(context, StatusCodes.Status400BadRequest, $"Bad request: the path is refused: {problem}.");
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
        var prefix = request.PathBase.HasValue ? request.PathBase.ToUriComponent() + OriginalRequest.RoutePrefix : OriginalRequest.RoutePrefix;
        return request.Path.StartsWithSegments(OriginalRequest.RoutePrefix, StringComparison.OrdinalIgnoreCase)
            && raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && (raw.Length == prefix.Length || raw[prefix.Length] == '/');
    }
}
