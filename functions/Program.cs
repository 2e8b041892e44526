using Gatehouse;
using Gatehouse.Functions.Endpoints;
using Gatehouse.Functions.Hosting;

// The custom handler the Azure Functions host starts (SPEC §1.1): listen first, initialize lazily.
var builder = WebApplication.CreateSlimBuilder(args);
HandlerListener.Configure(builder);

// ASP.NET Core's request logs print full URLs, and a URL may carry a token (?token=, X-Original-URI):
// framework logging stays at Warning; Gatehouse's own log lines name plugin, user and reason only.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddGatehouse(builder.Configuration);
builder.Services.AddGatehouseHandler();

var app = builder.Build();
var pathBase = app.Configuration["Gatehouse:PathBase"];
if (!string.IsNullOrEmpty(pathBase))
{
    app.UsePathBase("/" + pathBase.Trim('/'));
}

app.UseGatehouse();
app.Lifetime.ApplicationStarted.Register(() => _ = app.Services.GetRequiredService<GatehouseInitializer>().EnsureInitializedAsync());

await app.RunAsync();
