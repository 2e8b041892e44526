using Gatehouse.Functions.Directory;
using Gatehouse.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Functions.Triggers;

/// <summary>Nuxeo's user API (SPEC §10).</summary>
internal sealed class UserApiFunction(UserApiEndpoint endpoint, EndpointRunner runner)
{
    [Function("user-api")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = Routes.UserApi)] HttpRequest request)
    {
        await runner.RunAsync(request.HttpContext, endpoint, static (e, context) => e.HandleAsync(context));

        // The endpoint wrote the answer; an empty result tells the worker there is nothing more to write.
        return Results.Empty;
    }
}
