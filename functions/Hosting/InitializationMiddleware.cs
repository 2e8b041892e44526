using Gatehouse.Functions.Endpoints;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// Holds every request until <see cref="GatehouseInitializer"/> has succeeded, except the host's readiness
/// probe and <c>/health</c>, which report on the dependencies rather than wait for them.
/// </summary>
internal sealed class InitializationMiddleware(RequestDelegate next, GatehouseInitializer initializer)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!HttpMethods.IsGet(context.Request.Method) || (path != "/" && path != HealthEndpoint.Route))
        {
            await initializer.EnsureInitializedAsync();
        }

        await next(context);
    }
}
