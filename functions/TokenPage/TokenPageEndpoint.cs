using Gatehouse.Functions.Pages;

namespace Gatehouse.Functions.TokenPage;

/// <summary>
/// <c>GET /tokens</c> (SPEC §7.4): a static page (HTML, CSS, JS served by <see cref="PageAssets"/>) that signs in
/// through <c>/signin</c> and manages the user's tokens with the token API. The page lives at <c>/tokens</c> and its
/// files at <c>/tokens/{file}</c>, so relative URLs work under any path base.
/// </summary>
internal sealed class TokenPageEndpoint(PageAssets assets)
{
    /// <summary>The page itself, as <see cref="PageAssets"/> names it.</summary>
    public const string IndexFile = Folder + "index.html";

    private const string Folder = "tokens/";

    /// <summary>
    /// <c>/tokens</c> is the page, <c>/tokens/{file}</c> its files; <c>/tokens/</c> is sent back to <c>/tokens</c>,
    /// since the page's relative URLs only work without the slash.
    /// </summary>
    public Task HandleAsync(HttpContext context)
    {
        var asset = context.GetRouteValue("asset") as string;
        return !string.IsNullOrEmpty(asset) ? assets.ServeAsync(context, Folder + asset)
            : context.Request.Path.Value?.EndsWith('/') == true ? RedirectToPageAsync(context)
            : assets.ServeAsync(context, IndexFile);
    }

    /// <summary><c>/tokens/</c> → <c>/tokens</c>, relatively, so a path base is kept.</summary>
    private static Task RedirectToPageAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = "../tokens" + context.Request.QueryString;
        return Task.CompletedTask;
    }
}
