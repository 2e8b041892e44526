using System.Buffers;
using Microsoft.AspNetCore.Http.Extensions;

namespace Gatehouse.Functions.Authorize;

/// <summary>
/// The client request a gateway asks about (SPEC §8): method and URI from <c>X-Original-Method</c>/
/// <c>X-Original-URI</c> (nginx), else <c>X-Forwarded-Method</c>/<c>X-Forwarded-Uri</c> (Traefik), else
/// the authorizer call's own method and <c>{*path}</c> suffix (Envoy <c>path_prefix</c>).
/// </summary>
internal sealed record OriginalRequest(string Method, string Path, string? QueryString)
{
    private const int MaxUriLength = 8192;

    // RFC 9110 token characters: what a method may be made of.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Reads the original request, or returns a reason it cannot (a 400 for the gateway).</summary>
    public static OriginalRequest? TryRead(HttpRequest request, string suffix, out string? error)
    {
        var method = First(request, "X-Original-Method") ?? First(request, "X-Forwarded-Method") ?? request.Method;
        var uri = First(request, "X-Original-URI") ?? First(request, "X-Forwarded-Uri");
        string rawPath;
        string? query;
        if (uri is null)
        {
            rawPath = "/" + suffix.TrimStart('/');
            query = request.QueryString.HasValue ? request.QueryString.Value : null;
        }
        else if (!TrySplit(uri, out rawPath, out query, out error))
        {
            return null;
        }

        if (!IsToken(method))
        {
            error = "The original method is not a valid HTTP method.";
            return null;
        }

        var path = PathNormalizer.Normalize(rawPath);
        if (path is null)
        {
            error = "The original URI's path is malformed.";
            return null;
        }

        error = null;
        return new OriginalRequest(method.ToUpperInvariant(), path, query);
    }

    private static bool TrySplit(string uri, out string path, out string? query, out string? error)
    {
        (path, query, error) = (string.Empty, null, null);
        if (uri.Length > MaxUriLength)
        {
            error = "The original URI is too long.";
            return false;
        }

        // An absolute URI (some gateways send one) counts by its path and query only.
        if (!uri.StartsWith('/'))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var absolute) || absolute.Scheme is not ("http" or "https"))
            {
                error = "The original URI must be a path or an absolute http(s) URI.";
                return false;
            }

            uri = absolute.PathAndQuery;
        }

        var mark = uri.IndexOf('?', StringComparison.Ordinal);
        path = mark < 0 ? uri : uri[..mark];
        query = mark < 0 ? null : uri[mark..];
        return true;
    }

    private static string? First(HttpRequest request, string header)
    {
        var values = request.Headers[header];
        return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
    }

    private static bool IsToken(string value) =>
        value.Length is > 0 and <= 32 && !value.AsSpan().ContainsAnyExcept(TokenChars);

    public override string ToString() => Method + " " + UriHelper.BuildRelative(path: Path, query: new QueryString(QueryString));
}
