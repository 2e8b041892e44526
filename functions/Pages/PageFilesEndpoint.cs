namespace Gatehouse.Functions.Pages;

/// <summary>
/// <c>GET /pages/{file}</c>: the files every page shares (the sign-in module and its styles, the consent screen's
/// script), from <see cref="PageAssets"/>' <c>pages</c> folder.
/// </summary>
internal sealed class PageFilesEndpoint(PageAssets assets)
{
    public const string Folder = "pages/";

    public Task HandleAsync(HttpContext context) =>
        assets.ServeAsync(context, Folder + (context.GetRouteValue("asset") as string ?? string.Empty));
}
