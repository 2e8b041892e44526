using Gatehouse.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Functions.Triggers;

/// <summary>The device grant's start (RFC 8628, SPEC §12).</summary>
internal sealed class DeviceAuthorizationFunction(DeviceGrant.DeviceAuthorizationEndpoint endpoint, EndpointRunner runner)
{
    [Function("device-authorization")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.DeviceAuthorization)] HttpRequest request)
    {
        await runner.RunAsync(request.HttpContext, endpoint, static (e, context) => e.HandleAsync(context));

        // The endpoint wrote the answer; an empty result tells the worker there is nothing more to write.
        return Results.Empty;
    }
}
