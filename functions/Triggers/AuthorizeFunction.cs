using Gatehouse.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Functions.Triggers;

/// <summary>The gateway authorizer (SPEC §8): <c>Function</c> level, so only a gateway holding the key may ask.</summary>
internal sealed class AuthorizeFunction(Authorize.AuthorizeEndpoint endpoint, EndpointRunner runner)
{
    [Function("authorize")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, Route = Routes.Authorize)] HttpRequest request)
    {
        await runner.RunAsync(request.HttpContext, endpoint, static (e, context) => e.HandleAsync(context));

        // The endpoint wrote the answer; an empty result tells the worker there is nothing more to write.
        return Results.Empty;
    }
}
