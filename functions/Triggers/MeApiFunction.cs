using Gatehouse.Functions.Directory;
using Gatehouse.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Functions.Triggers;

/// <summary>The caller and their password (Nuxeo's <c>/api/v1/me</c>).</summary>
internal sealed class MeApiFunction(MeEndpoint endpoint, EndpointRunner runner)
{
    [Function("me-api")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = Routes.MeApi)] HttpRequest request)
    {
        await runner.RunAsync(request.HttpContext, endpoint, static (e, context) => e.HandleAsync(context));

        // The endpoint wrote the answer; an empty result tells the worker there is nothing more to write.
        return Results.Empty;
    }
}
