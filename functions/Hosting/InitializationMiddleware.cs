namespace Gatehouse.Functions.Hosting;

/// <summary>Holds every request but the readiness probe until <see cref="GatehouseInitializer"/> has succeeded.</summary>
internal sealed class InitializationMiddleware(RequestDelegate next, GatehouseInitializer initializer)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path != "/")
        {
            await initializer.EnsureInitializedAsync();
        }

        await next(context);
    }
}
