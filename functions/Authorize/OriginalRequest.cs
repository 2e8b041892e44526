using System.Buffers;
using Gatehouse.Functions.Hosting;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Functions.Authorize;

/// <summary>
/// The client request a gateway asks about (SPEC §8), read from the one source the deployment names
/// (<see cref="AuthorizerOptions.OriginalRequest"/>), its path in canonical form (<see cref="OriginalPath"/>).
/// </summary>
/// <param name="Method">The original method, upper-case.</param>
/// <param name="Path">The original path, canonical (<see cref="OriginalPath"/>).</param>
/// <param name="QueryString">The original query, with its <c>?</c>; null when none.</param>
/// <param name="IsCanonical">False when the path had to be rewritten to be matched: no open URL grants it.</param>
internal sealed record OriginalRequest(string Method, string Path, string? QueryString, bool IsCanonical)
{
    public const string XOriginalMethod = "X-Original-Method";
    public const string XOriginalUri = "X-Original-URI";
    public const string XForwardedMethod = "X-Forwarded-Method";
    public const string XForwardedUri = "X-Forwarded-Uri";

    private const int MaxUriLength = 8192;

    // RFC 9110 token characters: what a method may be made of.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Reads the original request, or returns why it cannot (a 400 for the gateway).</summary>
    public static OriginalRequest? TryRead(HttpContext context, AuthorizerOptions options, out string? error)
    {
        var request = context.Request;
        string? method;
        string? uri;
        switch (options.OriginalRequest)
        {
            case OriginalRequestSource.XOriginal:
                (method, uri) = (Single(request, XOriginalMethod, out error), Single(request, XOriginalUri, out var uriError));
                error ??= uriError;
                break;
            case OriginalRequestSource.XForwarded:
                (method, uri) = (Single(request, XForwardedMethod, out error), Single(request, XForwardedUri, out var forwardedError));
                error ??= forwardedError;
                break;
            default:
                (method, uri, error) = (request.Method, OwnSuffix(context), null);
                if (uri is null)
                {
                    error = "The request path leaves /authorize.";
                }

                break;
        }

        if (error is not null)
        {
            return null;
        }

        if (method is null || uri is null)
        {
            error = $"This deployment reads the original request from {Names(options.OriginalRequest)}; the gateway sent no {(method is null ? "method" : "URI")} there.";
            return null;
        }

        if (!IsToken(method))
        {
            error = "The original method is not a valid HTTP method.";
            return null;
        }

        if (!TrySplit(uri, out var rawPath, out var query, out error))
        {
            return null;
        }

        if (!OriginalPath.TryCanonicalize(rawPath, options.EncodedSlashes == EncodedSlashes.Data, out var path, out var canonical, out var problem))
        {
            error = $"The original URI's path is refused: {problem}; the gateway and the upstream could read it differently.";
            return null;
        }

        return new OriginalRequest(method.ToUpperInvariant(), path, query, canonical);
    }

    /// <summary>
    /// Path mode: the request's own path after <c>/authorize</c>, as it arrived (still encoded, so it is decoded
    /// once, here), and its query; null when the path does not stay under <c>/authorize</c>.
    /// </summary>
    private static string? OwnSuffix(HttpContext context)
    {
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            raw = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        }

        var prefix = request.PathBase.HasValue ? request.PathBase.ToUriComponent() + Routes.AuthorizePath : Routes.AuthorizePath;
        if (!raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var suffix = raw[prefix.Length..];
        return suffix.Length == 0 || suffix[0] == '?' ? "/" + suffix
            : suffix[0] == '/' ? suffix
            : null;
    }

    /// <summary>The header's value; more than one is an error (which one would count is a gateway's guess).</summary>
    private static string? Single(HttpRequest request, string header, out string? error)
    {
        var values = request.Headers[header];
        error = values.Count > 1 ? $"The {header} header was sent more than once." : null;
        return values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
    }

    private static string Names(OriginalRequestSource source) => source switch
    {
        OriginalRequestSource.XOriginal => $"{XOriginalMethod} and {XOriginalUri}",
        OriginalRequestSource.XForwarded => $"{XForwardedMethod} and {XForwardedUri}",
        _ => "the authorizer request itself",
    };

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

            // The path as sent: Uri would resolve dot segments and unescape, deciding for the upstream.
            var authority = uri.IndexOf('/', absolute.Scheme.Length + 3);
            uri = authority >= 0 ? uri[authority..] : "/" + (uri.IndexOf('?', StringComparison.Ordinal) is var mark and >= 0 ? uri[mark..] : string.Empty);
        }

        var question = uri.IndexOf('?', StringComparison.Ordinal);
        path = question < 0 ? uri : uri[..question];
        query = question < 0 ? null : uri[question..];
        return true;
    }

    private static bool IsToken(string value) =>
        value.Length is > 0 and <= 32 && !value.AsSpan().ContainsAnyExcept(TokenChars);

    public override string ToString() => Method + " " + UriHelper.BuildRelative(path: Path, query: new QueryString(QueryString));
}
