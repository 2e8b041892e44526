using Gatehouse.Functions.AdminPage;
using Gatehouse.Functions.Audit;
using Gatehouse.Functions.Authorize;
using Gatehouse.Functions.DeviceGrant;
using Gatehouse.Functions.Directory;
using Gatehouse.Functions.Drive;
using Gatehouse.Functions.Endpoints;
using Gatehouse.Functions.Http;
using Gatehouse.Functions.Pages;
using Gatehouse.Functions.SignIn;
using Gatehouse.Functions.TokenApi;
using Gatehouse.Functions.TokenPage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// The one composition root of the app's own part, for the Functions worker, the standalone mode and the
/// in-process test handler alike: the endpoints and their options (the library's come from <c>AddGatehouse</c>),
/// and, standalone, the routes the <c>[Function]</c> classes declare under the Functions host.
/// </summary>
internal static class GatehouseEndpoints
{
    public static IServiceCollection AddGatehouseEndpoints(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, GatehouseJsonContext.Default));
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Identity headers carry user names as stored (e.g. "José"): send them as UTF-8 rather than fail.
            kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
        });
        services.AddSingleton<GatehouseInitializer>();
        services.AddSingleton<EndpointRunner>();
        services.AddSingleton<HandshakeEndpoint>();
        services.AddSingleton<HealthEndpoint>();
        services.AddSingleton<AuthorizeEndpoint>();
        services.AddSingleton<TokenApiEndpoint>();
        services.AddSingleton<TokenPageEndpoint>();
        services.AddSingleton<AdminPageEndpoint>();
        services.AddSingleton<UserAnswers>();
        services.AddSingleton<FirstAdministratorGuard>();
        services.AddSingleton<DirectoryMemberships>();
        services.AddSingleton<UserApiEndpoint>();
        services.AddSingleton<GroupApiEndpoint>();
        services.AddSingleton<MeEndpoint>();
        services.AddSingleton<SiteApiEndpoint>();
        services.AddSingleton<AuditApiEndpoint>();
        services.AddSingleton<HomePage>();
        services.AddSingleton<PageAssets>();
        services.AddSingleton<PageFilesEndpoint>();
        services.AddSingleton<PageSessions>();
        services.AddSingleton<SignInEndpoint>();
        services.AddSingleton<ConsentPost>();
        services.AddSingleton<DriveSignInEndpoint>();
        services.AddSingleton<DeviceAuthorizationEndpoint>();
        services.AddSingleton<DeviceTokenEndpoint>();
        services.AddSingleton<DeviceVerificationEndpoint>();
        services.AddOptions<TokenPageOptions>().BindConfiguration(TokenPageOptions.Section)
            .Validate(options => options.HasValidSessionLifetime(), TokenPageOptions.SessionLifetimeProblem).ValidateOnStart();
        services.AddOptions<AuthorizerOptions>().BindConfiguration(AuthorizerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthorizerOptions>, AuthorizerOptionsValidator>();
        return services;
    }

    /// <summary>
    /// Standalone, the routes and methods of <see cref="Routes"/> that the Functions host would route, plus
    /// <c>GET /</c>. Every endpoint is a singleton taken from the root provider on its first request and mapped as a
    /// plain request delegate: no DI scope and no parameter binding per request on the authorizer's hot path.
    /// </summary>
    public static void MapGatehouseEndpoints(this IEndpointRouteBuilder endpoints)
    {
        Map<HandshakeEndpoint>(endpoints, Routes.Handshake, [HttpMethods.Get], static (e, c) => e.HandleAsync(c));
        Map<TokenApiEndpoint>(endpoints, Routes.TokenApi, [HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete], static (e, c) => e.HandleAsync(c));
        string[] directoryMethods = [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete];
        Map<UserApiEndpoint>(endpoints, Routes.UserApi, directoryMethods, static (e, c) => e.HandleAsync(c));
        Map<GroupApiEndpoint>(endpoints, Routes.GroupApi, directoryMethods, static (e, c) => e.HandleAsync(c));
        Map<MeEndpoint>(endpoints, Routes.MeApi, [HttpMethods.Get, HttpMethods.Put], static (e, c) => e.HandleAsync(c));
        Map<SiteApiEndpoint>(endpoints, Routes.SiteApi, directoryMethods, static (e, c) => e.HandleAsync(c));
        Map<AuthorizeEndpoint>(endpoints, Routes.Authorize, null, static (e, c) => e.HandleAsync(c));
        Map<TokenPageEndpoint>(endpoints, Routes.TokenPage, [HttpMethods.Get, HttpMethods.Head], static (e, c) => e.HandleAsync(c));
        Map<AuditApiEndpoint>(endpoints, Routes.AuditApi, [HttpMethods.Get], static (e, c) => e.HandleAsync(c));
        Map<AdminPageEndpoint>(endpoints, Routes.AdminPage, [HttpMethods.Get, HttpMethods.Head], static (e, c) => e.HandleAsync(c));
        Map<PageFilesEndpoint>(endpoints, Routes.PageFiles, [HttpMethods.Get, HttpMethods.Head], static (e, c) => e.HandleAsync(c));
        Map<SignInEndpoint>(endpoints, Routes.SignIn, [HttpMethods.Get, HttpMethods.Post], static (e, c) => e.HandleAsync(c));
        Map<DriveSignInEndpoint>(endpoints, Routes.DriveSignIn, [HttpMethods.Get, HttpMethods.Post], static (e, c) => e.HandleAsync(c));
        Map<DeviceAuthorizationEndpoint>(endpoints, Routes.DeviceAuthorization, [HttpMethods.Post], static (e, c) => e.HandleAsync(c));
        Map<DeviceTokenEndpoint>(endpoints, Routes.OAuthToken, [HttpMethods.Post], static (e, c) => e.HandleAsync(c));
        Map<DeviceVerificationEndpoint>(endpoints, Routes.DeviceVerification, [HttpMethods.Get, HttpMethods.Post], static (e, c) => e.HandleAsync(c));
        Map<HealthEndpoint>(endpoints, Routes.Health, [HttpMethods.Get], static (e, c) => e.HandleAsync(c), initialized: false);
        Map<HomePage>(endpoints, Routes.Home, [HttpMethods.Get, HttpMethods.Head], static (e, c) => e.HandleAsync(c), initialized: false);
    }

    private static void Map<TEndpoint>(IEndpointRouteBuilder endpoints, string route, string[]? methods, Func<TEndpoint, HttpContext, Task> handle, bool initialized = true)
        where TEndpoint : class
    {
        var services = endpoints.ServiceProvider;

        // Resolved on first use (a race resolves the same singletons twice, harmlessly).
        EndpointRunner? runner = null;
        TEndpoint? endpoint = null;
        RequestDelegate run = context =>
            (runner ??= services.GetRequiredService<EndpointRunner>()).RunAsync(context, endpoint ??= services.GetRequiredService<TEndpoint>(), handle, initialized);
        _ = methods is null ? endpoints.Map("/" + route, run) : endpoints.MapMethods("/" + route, methods, run);
    }
}
