using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.Chain;

/// <summary>
/// The request a chain judges. For Gatehouse's own endpoints it is the HTTP request itself; for the
/// authorizer it is the gateway's <em>original</em> request (method and URI from forwarded headers),
/// carrying the client's headers. Headers are read in place, never copied.
/// </summary>
public sealed class AuthRequest
{
    private readonly string? _queryString;
    private readonly IRequestCookieCollection? _cookies;
    private readonly HttpRequest? _host;
    private Dictionary<string, StringValues>? _query;

    /// <param name="method">The original HTTP method.</param>
    /// <param name="path">The original path, without query string (e.g. <c>/api/v1/token</c>).</param>
    /// <param name="queryString">The original query string, with or without its leading <c>?</c>; null when none.</param>
    /// <param name="headers">The client's headers.</param>
    /// <param name="cookies">The client's cookies, when already parsed by the host; else read from the <c>Cookie</c> header.</param>
    /// <param name="remoteAddress">The peer address the request came from.</param>
    public AuthRequest(string method, string path, string? queryString, IHeaderDictionary headers, IRequestCookieCollection? cookies = null, IPAddress? remoteAddress = null)
    {
        Method = method;
        Path = path;
        _queryString = queryString;
        Headers = headers;
        _cookies = cookies;
        RemoteAddress = remoteAddress;
    }

    private AuthRequest(string method, string path, string? queryString, HttpContext host, bool pathIsCanonical)
        : this(method, path, queryString, host.Request.Headers, null, host.Connection.RemoteIpAddress)
    {
        _host = host.Request;
        PathIsCanonical = pathIsCanonical;
    }

    public string Method { get; }

    public string Path { get; }

    public IHeaderDictionary Headers { get; }

    public IPAddress? RemoteAddress { get; }

    /// <summary>
    /// False when <see cref="Path"/> is a rewritten form of what the client sent (merged slashes, an encoded slash
    /// kept as data): the upstream may not read it as that path, so no open URL grants it.
    /// </summary>
    public bool PathIsCanonical { get; } = true;

    /// <summary>
    /// The kind of endpoint the credentials are presented to, which decides whether a password is accepted
    /// (<see cref="PasswordPolicy"/>). <see cref="CredentialContext.Api"/> unless the endpoint says otherwise.
    /// </summary>
    public CredentialContext CredentialContext { get; init; }

    /// <summary>Builds the request for one of Gatehouse's own endpoints, which says what kind of endpoint it is.</summary>
    public static AuthRequest FromHttpContext(HttpContext context, CredentialContext credentialContext = CredentialContext.Api)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return new AuthRequest(request.Method, request.Path.Value ?? "/", request.QueryString.HasValue ? request.QueryString.Value : null, context, pathIsCanonical: true)
        {
            CredentialContext = credentialContext,
        };
    }

    /// <summary>
    /// Builds the request for an original method and URI that arrived with <paramref name="context"/>'s headers,
    /// cookies and peer (the authorizer's case: a gateway forwards the client's, so it is an
    /// <see cref="CredentialContext.Api"/> request). The host parses the cookies only if a plugin reads one: most
    /// requests carry their credential in a header.
    /// </summary>
    public static AuthRequest FromHttpContext(HttpContext context, string method, string path, string? queryString, bool pathIsCanonical = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AuthRequest(method, path, queryString, context, pathIsCanonical);
    }

    /// <summary>The single value of a header, or null when absent or empty.</summary>
    public string? GetHeader(string name)
    {
        var values = Headers[name];
        return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
    }

    /// <summary>The first value of a query parameter (URL-decoded), or null when absent.</summary>
    public string? GetQuery(string name)
    {
        if (string.IsNullOrEmpty(_queryString))
        {
            return null;
        }

        _query ??= QueryHelpers.ParseQuery(_queryString);
        return _query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
    }

    /// <summary>A cookie's value, or null when absent.</summary>
    public string? GetCookie(string name)
    {
        if ((_cookies ?? _host?.Cookies) is { } cookies)
        {
            return cookies.TryGetValue(name, out var value) ? value : null;
        }

        foreach (var header in Headers.Cookie)
        {
            if (header is null)
            {
                continue;
            }

            foreach (var pair in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && pair.AsSpan(0, equals).SequenceEqual(name))
                {
                    return Uri.UnescapeDataString(pair[(equals + 1)..]);
                }
            }
        }

        return null;
    }
}
