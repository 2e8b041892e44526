using Azure;
using Azure.Data.Tables;
using Gatehouse.Functions.Http;
using Gatehouse.Secrets;

namespace Gatehouse.Functions.Endpoints;

/// <summary><c>GET /health</c>: 200 when every dependency answers, else 503 with what is missing.</summary>
internal sealed class HealthEndpoint(TableServiceClient tables, ISecretStore secrets)
{
    public const string Route = "/health";

    private static readonly string[] SecretNamesChecked = [SecretNames.TokenKey, SecretNames.PortalSsoSecret];

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route, (HttpContext context, HealthEndpoint endpoint) => endpoint.HandleAsync(context));

    private async Task HandleAsync(HttpContext context)
    {
        var storage = await ProbeStorageAsync(context.RequestAborted);
        var secretStates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in SecretNamesChecked)
        {
            secretStates[name] = await ProbeSecretAsync(name, context.RequestAborted);
        }

        var healthy = storage == "ok" && secretStates.Values.All(state => state == "ok");
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (!healthy)
        {
            context.Response.Headers.RetryAfter = Responses.RetryAfterSeconds;
        }

        await context.Response.WriteAsJsonAsync(
            new HealthJson(healthy ? "ok" : "degraded", storage, secretStates),
            GatehouseJsonContext.Default.HealthJson,
            cancellationToken: context.RequestAborted);
    }

    private async Task<string> ProbeStorageAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Listing one page of tables is the cheapest call that proves the account answers.
            await foreach (var page in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
            {
                break;
            }

            return "ok";
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException or TaskCanceledException)
        {
            return "unavailable";
        }
    }

    private async Task<string> ProbeSecretAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await secrets.GetAsync(name, cancellationToken);
            return "ok";
        }
        catch (DependencyUnavailableException)
        {
            return "unavailable";
        }
    }
}
