namespace Gatehouse.Functions.Hosting;

/// <summary>
/// The same executable without a Functions host (SPEC §1.1): the routes served directly on Kestrel, where
/// <c>--urls</c> or <c>ASPNETCORE_URLS</c> says, else <c>http://127.0.0.1:7071</c> (where <c>func start</c> listens).
/// For a container or sidecar beside a gateway: no request pays the Functions front end. An <c>https://</c> address
/// takes its certificate from <c>Kestrel:Certificates:Default</c> (<c>Path</c>, <c>Password</c> or <c>KeyPath</c>).
/// </summary>
internal static class StandaloneHost
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>The standalone app, built but not started: Program.cs runs it, the in-process test handler serves it.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // The slim builder leaves out reading HTTPS settings from configuration: without this an https:// address
        // fails at start ("Call UseKestrelHttpsConfiguration()"), and a gateway reaching Gatehouse over TLS needs one.
        builder.WebHost.UseKestrelHttpsConfiguration();

        GatehouseApp.AddServices(builder.Services, builder.Configuration, builder.Logging, standalone: true);

        // Under the Functions host the housekeeping timer function sweeps; standalone, a loop of its own does.
        builder.Services.AddHostedService<HousekeepingService>();
        var app = builder.Build();
        UseGatehouse(app);
        return app;
    }

    /// <summary>The request pipeline: the path base, routing, the endpoints, and start-up work once listening.</summary>
    public static void UseGatehouse(WebApplication app)
    {
        var pathBase = app.Configuration["Gatehouse:PathBase"];
        if (!string.IsNullOrEmpty(pathBase))
        {
            app.UsePathBase("/" + pathBase.Trim('/'));
        }

        app.UseRouting();
        app.MapGatehouseEndpoints();
        GatehouseApp.InitializeOnStart(app.Services);
    }
}
