using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Functions.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Functions.TokenPage;

/// <summary>
/// <c>GET /tokens</c> (SPEC §7.4): a static page (HTML, CSS, JS embedded in the handler) that signs in
/// with the token API and manages the user's tokens. Everything it needs comes from this origin, under a
/// strict Content-Security-Policy with no inline script or style. The page lives at <c>/tokens</c> and its
/// files at <c>/tokens/{file}</c>, so relative URLs work under any path base.
/// </summary>
internal sealed class TokenPageEndpoint
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private const string IndexFile = "index.html";
    private const string ResourcePrefix = "TokenPage/";
    private const string SessionLifetimePlaceholder = "{{session-lifetime-seconds}}";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, PageFile> _files;

    public TokenPageEndpoint(IOptions<TokenPageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seconds = ((long)options.Value.SessionLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        _files = LoadFiles(text => text.Replace(SessionLifetimePlaceholder, seconds, StringComparison.Ordinal));
    }

    /// <summary>
    /// <c>/tokens</c> is the page, <c>/tokens/{file}</c> its files; <c>/tokens/</c> is sent back to <c>/tokens</c>,
    /// since the page's relative URLs only work without the slash.
    /// </summary>
    public Task HandleAsync(HttpContext context)
    {
        var asset = context.GetRouteValue("asset") as string;
        return !string.IsNullOrEmpty(asset) ? ServeAsync(context, asset)
            : context.Request.Path.Value?.EndsWith('/') == true ? RedirectToPageAsync(context)
            : ServeAsync(context, IndexFile);
    }

    private Task ServeAsync(HttpContext context, string name)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return Responses.MethodNotAllowedAsync(context, "GET, HEAD");
        }

        var response = context.Response;
        AddSecurityHeaders(response.Headers);
        if (!_files.TryGetValue(name, out var file))
        {
            return Responses.TextAsync(context, StatusCodes.Status404NotFound, "Not found: the token page has no such file.");
        }

        response.Headers.ETag = file.ETag;
        // Revalidate every time (cheap, by ETag): a new version of the page is never mixed with an old script.
        response.Headers.CacheControl = "no-cache";
        if (request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(tag => tag.Trim() == file.ETag)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = file.ContentType;
        response.ContentLength = file.Content.Length;
        return HttpMethods.IsHead(request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(file.Content, context.RequestAborted).AsTask();
    }

    /// <summary><c>/tokens/</c> → <c>/tokens</c>, relatively, so a path base is kept.</summary>
    private static Task RedirectToPageAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = "../tokens" + context.Request.QueryString;
        return Task.CompletedTask;
    }

    private static void AddSecurityHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
    }

    private static FrozenDictionary<string, PageFile> LoadFiles(Func<string, string> render)
    {
        var assembly = typeof(TokenPageEndpoint).Assembly;
        var files = new Dictionary<string, PageFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var content = Encoding.UTF8.GetBytes(render(reader.ReadToEnd()));
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";
            files[name] = new PageFile(content, ContentTypes[Path.GetExtension(name)], etag);
        }

        return files.ContainsKey(IndexFile)
            ? files.ToFrozenDictionary(StringComparer.Ordinal)
            : throw new InvalidOperationException("The token page's files are missing from the handler assembly.");
    }

    private sealed record PageFile(byte[] Content, string ContentType, string ETag);
}
