using System.Globalization;
using System.Net;

// Listens like the handler (127.0.0.1, FUNCTIONS_CUSTOMHANDLER_PORT) so both start and run alike.
var port = int.Parse(Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") ?? "7072", CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
var app = builder.Build();
app.Map("/{**path}", (HttpContext context) =>
{
    context.Response.Headers["Remote-User"] = "baseline";
    return Results.Ok();
});
await app.RunAsync();
