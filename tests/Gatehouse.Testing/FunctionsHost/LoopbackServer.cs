using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// A Kestrel server on 127.0.0.1 with nothing from the test process's configuration (no appsettings,
/// no ASPNETCORE_ variables, no console logging): port 0 gives a free port with no race.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public IServiceProvider Services => _app.Services;

    /// <exception cref="PortInUseException">The port asked for is taken.</exception>
    public static async Task<LoopbackServer> StartAsync(
        int port,
        HttpProtocols protocols,
        Action<KestrelServerOptions> configureKestrel,
        Action<IServiceCollection> configureServices,
        Action<WebApplication> configureApp,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port, listen => listen.Protocols = protocols);
            configureKestrel(options);
        });
        configureServices(builder.Services);
        var app = builder.Build();
        configureApp(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync();
            throw new PortInUseException(port, ex);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackServer(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
