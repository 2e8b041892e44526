using Gatehouse.Audit;
using Gatehouse.Functions.Authorize;
using Gatehouse.Functions.Directory;
using Gatehouse.Functions.Endpoints;
using Gatehouse.Functions.Http;
using Gatehouse.Functions.TokenApi;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// What every Gatehouse endpoint does around its own work, the same under the Functions host and standalone:
/// refuse an ambiguous path (400) and a cross-site write (403), wait for start-up work, answer input the library
/// refuses with 400 and an outage with 503 + <c>Retry-After</c> (SPEC §4.3) — never 401, never 500. Under the Functions worker an exception
/// in a function never reaches ASP.NET middleware (the invocation runs on the host's call, not the request's),
/// so this runs inside each endpoint rather than around the pipeline.
/// </summary>
internal sealed partial class EndpointRunner(GatehouseInitializer initializer, ILogger<EndpointRunner> logger)
{
    /// <param name="context">The request.</param>
    /// <param name="endpoint">The endpoint, handed to <paramref name="handle"/> so that no closure is allocated per request.</param>
    /// <param name="handle">The endpoint's own work.</param>
    /// <param name="initialized">False for the readiness endpoints, which report on the dependencies rather than wait for them.</param>
    public async Task RunAsync<TEndpoint>(HttpContext context, TEndpoint endpoint, Func<TEndpoint, HttpContext, Task> handle, bool initialized = true)
    {
        if (endpoint is IAnswersNuxeoExceptions)
        {
            NuxeoExceptions.Use(context);
        }

        if (RawPathGuard.Refusal(context) is { } ambiguous)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, ambiguous);
            return;
        }

        if (CrossSiteWriteGuard.Refuses(context.Request))
        {
            await Responses.ErrorAsync(context, StatusCodes.Status403Forbidden, CrossSiteWriteGuard.Refusal);
            return;
        }

        if (endpoint is not AuthorizeEndpoint)
        {
            // Not the authorizer's: nothing it does is audited, and its hot path allocates nothing for a scope.
            AuditScope.Begin(ViaOf(endpoint));
        }

        try
        {
            if (initialized)
            {
                await initializer.EnsureInitializedAsync();
            }

            await handle(endpoint, context);
        }
        catch (ArgumentException invalid) when (!context.Response.HasStarted)
        {
            // Oversized, control characters, an unknown permission...: the caller's 400, in the caller's words.
            await Responses.BadRequestAsync(context, invalid, (endpoint as IRenamesParameters)?.ParameterNames);
        }
        catch (DependencyUnavailableException exception) when (!context.Response.HasStarted)
        {
            LogOutage(logger, exception.Dependency, context.Request.Path);
            await Responses.UnavailableAsync(context, exception.Dependency);
        }
        catch (ConcurrentChangeException) when (!context.Response.HasStarted)
        {
            Responses.SetRetryAfter(context.Response, ConcurrentChangeRetryAfter);
            await Responses.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "Service unavailable: other requests kept changing the same records at the same moment; nothing was written, try again.");
        }
    }

    /// <summary>A lost race is over as soon as the requests it raced with are: a second is plenty.</summary>
    private static readonly TimeSpan ConcurrentChangeRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The path an audited change came through, as the trail names it.</summary>
    private static string ViaOf<TEndpoint>(TEndpoint endpoint) => endpoint switch
    {
        HandshakeEndpoint => AuditVia.Handshake,
        TokenApiEndpoint => AuditVia.TokenApi,
        UserApiEndpoint or GroupApiEndpoint or MeEndpoint or SiteApiEndpoint => AuditVia.DirectoryApi,
        _ => AuditVia.Api,
    };

    // Debug: the dependency's own store warns once per outage; a line per refused request would be a flood.
    [LoggerMessage(EventId = LogEvents.EndpointOutage, EventName = nameof(LogEvents.EndpointOutage), Level = LogLevel.Debug, Message = "Answered 503: {Dependency} is unavailable ({Path})")]
    private static partial void LogOutage(ILogger logger, string dependency, PathString path);
}
