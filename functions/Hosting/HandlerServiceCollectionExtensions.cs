using Gatehouse.Functions.Authorize;
using Gatehouse.Functions.Endpoints;
using Gatehouse.Functions.Http;
using Gatehouse.Functions.TokenApi;
using Gatehouse.Functions.TokenPage;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Hosting;

/// <summary>The handler's own services and routes; the library's come from <c>AddGatehouse</c>.</summary>
internal static class HandlerServiceCollectionExtensions
{
    public static IServiceCollection AddGatehouseHandler(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, GatehouseJsonContext.Default));
        services.AddSingleton<GatehouseInitializer>();

        // Until housekeeping is a timer-triggered function, the handler sweeps on an interval itself.
        services.AddHostedService<HousekeepingService>();
        services.AddSingleton<HandshakeEndpoint>();
        services.AddSingleton<HealthEndpoint>();
        services.AddSingleton<AuthorizeEndpoint>();
        services.AddSingleton<TokenApiEndpoint>();
        services.AddSingleton<TokenPageEndpoint>();
        services.AddOptions<TokenPageOptions>().BindConfiguration(TokenPageOptions.Section)
            .Validate(options => options.HasValidSessionLifetime(), TokenPageOptions.SessionLifetimeProblem).ValidateOnStart();
        services.AddOptions<AuthorizerOptions>().BindConfiguration(AuthorizerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthorizerOptions>, AuthorizerOptionsValidator>();
        return services;
    }

    /// <summary>
    /// The request pipeline after routing: ambiguous paths and cross-site writes are refused, outages become 503,
    /// every request but the readiness probes waits for initialization, then the endpoints. Program.cs and the
    /// in-process test handler share it.
    /// </summary>
    public static void UseGatehouse(this WebApplication app)
    {
        app.UseMiddleware<RawPathGuard>();
        app.UseMiddleware<CrossSiteWriteGuard>();
        app.UseMiddleware<OutageMiddleware>();
        app.UseMiddleware<InitializationMiddleware>();
        app.MapGatehouseEndpoints();
    }

    private static void MapGatehouseEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The host's readiness probe: answered at once, before any dependency is touched.
        endpoints.MapGet("/", () => Results.Text("Gatehouse is running.", "text/plain"));
        HandshakeEndpoint.Map(endpoints);
        HealthEndpoint.Map(endpoints);
        AuthorizeEndpoint.Map(endpoints);
        TokenApiEndpoint.Map(endpoints);
        TokenPageEndpoint.Map(endpoints);
    }
}
