using Gatehouse.Functions.Http;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// Turns a dependency outage anywhere in the pipeline into 503 + <c>Retry-After</c> (SPEC §4.3):
/// a gateway must never read an outage as bad credentials, and it is not a bug (500).
/// </summary>
internal sealed partial class OutageMiddleware(RequestDelegate next, ILogger<OutageMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (DependencyUnavailableException exception) when (!context.Response.HasStarted)
        {
            LogOutage(logger, exception.Dependency, context.Request.Path);
            await Responses.UnavailableAsync(context, exception.Dependency);
        }
    }

    // Debug: the dependency's own store warns once per outage; a line per refused request would be a flood.
    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Answered 503: {Dependency} is unavailable ({Path})")]
    private static partial void LogOutage(ILogger logger, string dependency, PathString path);
}
