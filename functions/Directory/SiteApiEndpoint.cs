using Gatehouse.Functions.Http;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// <c>/site/api/v1/{family}/...</c>: Nuxeo serves its REST API under <c>/site/api</c> as under <c>/api</c>, and both
/// nuxeo-python-client and Nuxeo Drive ask <c>GET site/api/v1/me</c>. The same endpoints answer here.
/// </summary>
internal sealed class SiteApiEndpoint(UserApiEndpoint users, GroupApiEndpoint groups, MeEndpoint me) : IAnswersNuxeoExceptions, IRenamesParameters
{
    public IReadOnlyDictionary<string, string> ParameterNames => users.ParameterNames;

    public Task HandleAsync(HttpContext context) => (context.GetRouteValue("family") as string)?.ToLowerInvariant() switch
    {
        "user" => users.HandleAsync(context),
        "group" => groups.HandleAsync(context),
        "me" => me.HandleAsync(context),
        _ => DirectoryAccess.NotFoundAsync(context, "under /site/api/v1 Gatehouse serves user, group and me."),
    };
}
