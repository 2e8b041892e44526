using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// The host's HTTP route table: one ASP.NET Core <see cref="Route"/> per HTTP function, in metadata order,
/// with an <see cref="HttpMethodRouteConstraint"/> when the trigger names methods. The first route that
/// matches wins; a route whose template matches but whose methods do not is simply no match, so the host
/// (and this double) answer 404 there too — there is no 405 on the Functions host.
/// </summary>
internal sealed class FunctionRouter
{
    private const string FunctionToken = "function";

    private readonly RouteCollection _routes = new();

    public FunctionRouter(IEnumerable<HostedFunction> functions, IInlineConstraintResolver constraintResolver)
    {
        foreach (var function in functions.Where(f => f.IsHttp))
        {
            var constraints = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            if (function.Methods is not null)
            {
                constraints.Add("httpMethod", new HttpMethodRouteConstraint([.. function.Methods]));
            }

            try
            {
                _routes.Add(new Route(
                    MatchedRoute.Instance,
                    function.Name,
                    function.Route,
                    defaults: null,
                    constraints,
                    new RouteValueDictionary { [FunctionToken] = function },
                    constraintResolver));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                throw new InvalidOperationException($"The function '{function.Name}' has a route the host cannot map: '{function.Route}': {ex.Message}", ex);
            }
        }
    }

    /// <summary>The function the request routes to and its route values, or null (404).</summary>
    public async Task<RouteMatch?> MatchAsync(HttpContext context)
    {
        var routeContext = new RouteContext(context);
        await _routes.RouteAsync(routeContext);
        return routeContext.Handler is null
            ? null
            : new RouteMatch((HostedFunction)routeContext.RouteData.DataTokens[FunctionToken]!, routeContext.RouteData.Values);
    }

    /// <summary>A route target that only marks the match: what runs next is the double's, not the router's.</summary>
    private sealed class MatchedRoute : IRouter
    {
        public static readonly MatchedRoute Instance = new();

        private static readonly RequestDelegate Matched = static _ => Task.CompletedTask;

        public VirtualPathData? GetVirtualPath(VirtualPathContext context) => null;

        public Task RouteAsync(RouteContext context)
        {
            context.Handler = Matched;
            return Task.CompletedTask;
        }
    }
}

/// <summary>A routed request: the function and the values its template captured.</summary>
internal sealed record RouteMatch(HostedFunction Function, RouteValueDictionary Values);
