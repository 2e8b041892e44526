using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// The host's public HTTP port: route (404 when nothing matches), check the function key (401), then hand
/// the call to the proxy. It listens from the start, so a taken port fails at once; until the worker is
/// ready it answers 503, as the host does while it starts.
/// </summary>
internal sealed class HttpFrontEnd : IAsyncDisposable
{
    // The host's default request body limit (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT), 100 MB.
    private const long MaxRequestBodySize = 104_857_600;

    private readonly LoopbackServer _server;
    private Ready? _ready;

    private HttpFrontEnd(LoopbackServer server) => _server = server;

    public int Port => _server.Port;

    public static async Task<HttpFrontEnd> StartAsync(int port, CancellationToken cancellationToken)
    {
        HttpFrontEnd? frontEnd = null;
        var server = await LoopbackServer.StartAsync(
            port,
            HttpProtocols.Http1AndHttp2,
            kestrel =>
            {
                // The worker's own Server header passes through; Kestrel must not add a second one.
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            },
            services => services.AddRouting(),
            app => app.Run(context => frontEnd!.HandleAsync(context)),
            cancellationToken);
        frontEnd = new HttpFrontEnd(server);
        return frontEnd;
    }

    /// <summary>Resolves inline route constraints such as <c>{id:int}</c> for the router, as the host's routing does.</summary>
    public IInlineConstraintResolver ConstraintResolver => _server.Services.GetRequiredService<IInlineConstraintResolver>();

    /// <summary>Starts serving the functions; <paramref name="keys"/> null means keys are not enforced.</summary>
    public void Serve(FunctionRouter router, FunctionKeys? keys, HttpInvocationProxy proxy) => _ready = new Ready(router, keys, proxy);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        if (_ready is not { } ready)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var match = await ready.Router.MatchAsync(context);
        if (match is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (ready.Keys is not null && !FunctionKeyCheck.Allows(context.Request, match.Function, ready.Keys))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        await ready.Proxy.ForwardAsync(context, match);
    }

    private sealed record Ready(FunctionRouter Router, FunctionKeys? Keys, HttpInvocationProxy Proxy);
}
