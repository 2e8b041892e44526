// The bare minimal API Gatehouse's standalone mode is measured against: started the same way (--urls, from the
// published folder), answering every path with what an allow carries, and nothing else.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.Map("/{**path}", (HttpContext context) =>
{
    context.Response.Headers["Remote-User"] = "baseline";
    return Results.Ok();
});
await app.RunAsync();
