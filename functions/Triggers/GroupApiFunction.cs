using Gatehouse.Functions.Directory;
using Gatehouse.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Functions.Triggers;

/// <summary>Nuxeo's group API (SPEC §10).</summary>
internal sealed class GroupApiFunction(GroupApiEndpoint endpoint, EndpointRunner runner)
{
    [Function("group-api")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = Routes.GroupApi)] HttpRequest request)
    {
        await runner.RunAsync(request.HttpContext, endpoint, static (e, context) => e.HandleAsync(context));

        // The endpoint wrote the answer; an empty result tells the worker there is nothing more to write.
        return Results.Empty;
    }
}
