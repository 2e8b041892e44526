using System.Globalization;
using System.Net;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// Where the handler listens (SPEC §1.1): the Functions host picks a port and passes it in
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>; without it we use <c>func start</c>'s 7071. Always loopback:
/// only the host (or a local operator) talks to the handler.
/// </summary>
internal static class HandlerListener
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const int DefaultPort = 7071;

    public static int ResolvePort(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultPort;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{PortVariable} must be a TCP port (1-65535), not '{value}'.");
        }

        return port;
    }

    /// <summary>
    /// Binds Kestrel to 127.0.0.1 on the resolved port. Endpoints set in code win over any
    /// inherited <c>ASPNETCORE_URLS</c>/<c>--urls</c>, which we also clear so Kestrel does not warn.
    /// </summary>
    public static void Configure(WebApplicationBuilder builder)
    {
        var port = ResolvePort(Environment.GetEnvironmentVariable(PortVariable));
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;

            // Identity headers carry user names as stored (e.g. "José"): send them as UTF-8 rather than fail.
            kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
        });
    }
}
