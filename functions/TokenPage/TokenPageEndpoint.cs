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
    public const string IndexFile = Page + "/index.html";

    private const string Page = "tokens";

    public Task HandleAsync(HttpContext context) => assets.ServePageAsync(context, Page);
}
