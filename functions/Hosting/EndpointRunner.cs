using Gatehouse.Functions.Http;

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
    }

    // Debug: the dependency's own store warns once per outage; a line per refused request would be a flood.
    [LoggerMessage(EventId = LogEvents.EndpointOutage, EventName = nameof(LogEvents.EndpointOutage), Level = LogLevel.Debug, Message = "Answered 503: {Dependency} is unavailable ({Path})")]
    private static partial void LogOutage(ILogger logger, string dependency, PathString path);
}
