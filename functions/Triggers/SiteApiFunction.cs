using Gatehouse.Functions.Directory;
using Gatehouse.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Functions.Triggers;

/// <summary>The directory API again under <c>/site/api/v1</c>, as Nuxeo serves it.</summary>
internal sealed class SiteApiFunction(SiteApiEndpoint endpoint, EndpointRunner runner)
{
    [Function("site-api")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = Routes.SiteApi)] HttpRequest request)
    {
        await runner.RunAsync(request.HttpContext, endpoint, static (e, context) => e.HandleAsync(context));

        // The endpoint wrote the answer; an empty result tells the worker there is nothing more to write.
        return Results.Empty;
    }
}
