using Gatehouse.Chain;
using Gatehouse.Functions.Hosting;
using Gatehouse.Tests.Fakes;
using Gatehouse.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// The standalone pipeline as Program.cs composes it (path base, routing, the endpoints and their runner) on a
/// test server, in process, over the fakes of a <see cref="TestServices"/>: no storage, no process, no port. For what the published handler cannot show cheaply: its log levels, its allocations.
/// </summary>
public sealed class InProcessHandler : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessHandler(WebApplication app) => _app = app;

    /// <param name="fakes">The clock, storage and secrets.</param>
    /// <param name="logging">Replaces the handler's log providers (Program.cs's filters stay).</param>
    /// <param name="outermost">A middleware put before everything else, e.g. a meter.</param>
    /// <param name="settings">Configuration the chain reads (<c>key=value</c>), as <see cref="TestServices.Create(string[])"/> takes it.</param>
    public static Task<InProcessHandler> StartAsync(TestServices fakes, Action<IServiceCollection> logging, Func<HttpContext, RequestDelegate, Task>? outermost = null, params string[] settings) =>
        StartAsync(fakes, logging, stores: null, outermost, settings);

    /// <param name="fakes">The clock, storage and secrets.</param>
    /// <param name="logging">Replaces the handler's log providers (Program.cs's filters stay).</param>
    /// <param name="stores">Registers stores over the fakes (e.g. the Azurite-backed ones of a <c>StorageTestContext</c>); the caches are layered over them.</param>
    /// <param name="outermost">A middleware put before everything else, e.g. a meter.</param>
    /// <param name="settings">Configuration the chain reads (<c>key=value</c>).</param>
    public static async Task<InProcessHandler> StartAsync(TestServices fakes, Action<IServiceCollection> logging, Action<IServiceCollection>? stores, Func<HttpContext, RequestDelegate, Task>? outermost, params string[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        logging(builder.Services);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        fakes.AddFakesTo(builder.Services);
        stores?.Invoke(builder.Services);
        builder.Configuration.AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).Select(kv => KeyValuePair.Create(kv[0], (string?)kv[1])));
        builder.Services.AddGatehouseAboveStorage(builder.Configuration);
        builder.Services.AddGatehouseEndpoints();

        var app = builder.Build();
        if (outermost is not null)
        {
            app.Use(next => context => outermost(context, next));
        }

        StandaloneHost.UseGatehouse(app);
        await app.StartAsync();
        return new InProcessHandler(app);
    }

    /// <summary>A GET of <paramref name="path"/> with <paramref name="headers"/>; the answer's context.</summary>
    public Task<HttpContext> GetAsync(string path, params (string Name, string Value)[] headers) =>
        _app.GetTestServer().SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = path;
            foreach (var (name, value) in headers)
            {
                context.Request.Headers[name] = value;
            }
        });

    /// <summary>A client of the test server, for requests with bodies.</summary>
    public HttpClient CreateClient() => _app.GetTestClient();

    /// <summary>The handler's services, e.g. to look at a store after a request.</summary>
    public IServiceProvider Services => _app.Services;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
