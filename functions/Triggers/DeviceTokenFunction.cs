using Gatehouse.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Functions.Triggers;

/// <summary>The device grant's poll (RFC 8628, SPEC §12).</summary>
internal sealed class DeviceTokenFunction(DeviceGrant.DeviceTokenEndpoint endpoint, EndpointRunner runner)
{
    [Function("oauth2-token")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.OAuthToken)] HttpRequest request)
    {
        await runner.RunAsync(request.HttpContext, endpoint, static (e, context) => e.HandleAsync(context));

        // The endpoint wrote the answer; an empty result tells the worker there is nothing more to write.
        return Results.Empty;
    }
}
