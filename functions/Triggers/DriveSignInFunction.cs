using Gatehouse.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Functions.Triggers;

/// <summary>Nuxeo Drive's browser sign-in (SPEC §12).</summary>
internal sealed class DriveSignInFunction(Drive.DriveSignInEndpoint endpoint, EndpointRunner runner)
{
    [Function("drive-sign-in")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes.DriveSignIn)] HttpRequest request)
    {
        await runner.RunAsync(request.HttpContext, endpoint, static (e, context) => e.HandleAsync(context));

        // The endpoint wrote the answer; an empty result tells the worker there is nothing more to write.
        return Results.Empty;
    }
}
