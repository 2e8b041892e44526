using Gatehouse.Functions.Pages;

namespace Gatehouse.Functions.AdminPage;

/// <summary>
/// <c>GET /admin</c> (issue #13 item 4): the administration page, static like the token page (HTML, CSS, JS served by
/// <see cref="PageAssets"/>). It signs in through <c>/signin</c> and manages users and groups with the directory API,
/// which decides who may: the page only hides its controls from someone <c>/api/v1/me</c> says is no administrator.
/// </summary>
internal sealed class AdminPageEndpoint(PageAssets assets)
{
    private const string Page = "admin";

    public Task HandleAsync(HttpContext context) => assets.ServePageAsync(context, Page);
}
