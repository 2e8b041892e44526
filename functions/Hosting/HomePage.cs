using Gatehouse.Functions.Pages;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// <c>GET /</c>, standalone (under the Functions host the root is the host's): answered at once, before any dependency is touched (a readiness probe), and, in a browser, a page
/// that links to the token page and to <c>/health</c>. Relative links keep a path base.
/// </summary>
internal sealed class HomePage
{
    private const string Html =
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Gatehouse</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body><h1>Gatehouse is running.</h1><p><a href="tokens">Manage your tokens</a> · <a href="health">Health</a></p></body></html>
        """;

    private readonly byte[] _body = System.Text.Encoding.UTF8.GetBytes(Html);

    public Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = PageAssets.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = _body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(_body, context.RequestAborted).AsTask();
    }
}
