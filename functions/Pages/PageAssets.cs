using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Gatehouse.Functions.Http;
using Gatehouse.Functions.TokenPage;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Pages;

/// <summary>
/// The one way Gatehouse serves its web pages (the token page, the administration page, the sign-in module every
/// page loads, Nuxeo Drive's sign-in): files embedded in the handler assembly under <c>Pages/{folder}/{file}</c>, so there are no loose files to
/// deploy or tamper with, each sent with its ETag under a strict Content-Security-Policy with no inline script or
/// style. A page that must say something only the server knows (a token handed back) renders a template whose
/// placeholders are HTML-encoded.
/// </summary>
internal sealed class PageAssets
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private const string ResourcePrefix = "Pages/";
    private const string SessionLifetimePlaceholder = "{{session-lifetime-seconds}}";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, PageFile> _files;

    public PageAssets(IOptions<TokenPageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seconds = ((long)options.Value.SessionLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        _files = LoadFiles(text => text.Replace(SessionLifetimePlaceholder, seconds, StringComparison.Ordinal));
    }

    /// <summary>
    /// Answers a page that lives at <c>/{page}</c> with its files at <c>/{page}/{file}</c> (the <c>asset</c> route value),
    /// so relative URLs work under any path base: <c>/{page}</c> is its <c>index.html</c>, <c>/{page}/{file}</c> a file,
    /// and <c>/{page}/</c> is sent back to <c>/{page}</c>, since the page's relative URLs only work without the slash.
    /// </summary>
    public Task ServePageAsync(HttpContext context, string page)
    {
        var asset = context.GetRouteValue("asset") as string;
        return !string.IsNullOrEmpty(asset) ? ServeAsync(context, page + "/" + asset)
            : context.Request.Path.Value?.EndsWith('/') == true ? RedirectToPageAsync(context, page)
            : ServeAsync(context, page + "/index.html");
    }

    /// <summary>
    /// Answers GET or HEAD with the file <paramref name="name"/> (<c>folder/file</c>), 304 for a known ETag, 404 when
    /// there is none (a name is looked up as given: no path is ever built from it).
    /// </summary>
    public Task ServeAsync(HttpContext context, string name)
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
            return Responses.TextAsync(context, StatusCodes.Status404NotFound, "Not found: this page has no such file.");
        }

        response.Headers.ETag = file.ETag;
        // Revalidate every time (cheap, by ETag): a new version of a page is never mixed with an old script.
        response.Headers.CacheControl = "no-cache";
        if (request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(tag => tag.Trim() == file.ETag)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        return WriteAsync(context, StatusCodes.Status200OK, file.ContentType, file.Content);
    }

    /// <summary>
    /// Answers the HTML template <paramref name="name"/> with each <c>{{key}}</c> replaced by its HTML-encoded value,
    /// never cached (it may carry a token).
    /// </summary>
    public Task RenderAsync(HttpContext context, int status, string name, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var file = _files[name];
        var text = Encoding.UTF8.GetString(file.Content);
        foreach (var (key, value) in values)
        {
            text = text.Replace("{{" + key + "}}", HtmlEncoder.Default.Encode(value), StringComparison.Ordinal);
        }

        AddSecurityHeaders(context.Response.Headers);
        context.Response.Headers.CacheControl = "no-store";
        return WriteAsync(context, status, file.ContentType, Encoding.UTF8.GetBytes(text));
    }

    /// <summary><c>/{page}/</c> → <c>/{page}</c>, relatively, so a path base is kept.</summary>
    private static Task RedirectToPageAsync(HttpContext context, string page)
    {
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = "../" + page + context.Request.QueryString;
        return Task.CompletedTask;
    }

    public static void AddSecurityHeaders(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
    }

    private static Task WriteAsync(HttpContext context, int status, string contentType, byte[] content)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    private static FrozenDictionary<string, PageFile> LoadFiles(Func<string, string> render)
    {
        var assembly = typeof(PageAssets).Assembly;
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

        return files.ContainsKey(TokenPageEndpoint.IndexFile)
            ? files.ToFrozenDictionary(StringComparer.Ordinal)
            : throw new InvalidOperationException("The pages' files are missing from the handler assembly.");
    }

    private sealed record PageFile(byte[] Content, string ContentType, string ETag);
}
