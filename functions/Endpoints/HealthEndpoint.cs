using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Gatehouse.Secrets;
using Gatehouse.Storage;

namespace Gatehouse.Functions.Endpoints;

/// <summary><c>GET /health</c>: 200 when every dependency answers, else 503 with what is missing.</summary>
internal sealed class HealthEndpoint(StorageProbe storage, ISecretStore secrets)
{
    private static readonly string[] SecretNamesChecked = [SecretNames.TokenKey, SecretNames.PortalSsoSecret];

    public async Task HandleAsync(HttpContext context)
    {
        var storageState = await storage.IsReachableAsync(context.RequestAborted) ? "ok" : "unavailable";
        var secretStates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in SecretNamesChecked)
        {
            secretStates[name] = await ProbeSecretAsync(name, context.RequestAborted);
        }

        var healthy = storageState == "ok" && secretStates.Values.All(state => state == "ok");
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (!healthy)
        {
            Responses.SetRetryAfter(context.Response, ChainDecision.OutageRetryAfter);
        }

        await context.Response.WriteAsJsonAsync(
            new HealthJson(healthy ? "ok" : "degraded", storageState, secretStates),
            GatehouseJsonContext.Default.HealthJson,
            cancellationToken: context.RequestAborted);
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
