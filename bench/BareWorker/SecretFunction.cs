using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Bench.BareWorker;

/// <summary>
/// Function-level (needs a key at the host) and echoing what reached the worker, so tests can compare the
/// request the client sent with the one the host forwarded: method, path, query, headers and body as JSON,
/// or with <c>?echo=body</c> the body itself (to test large bodies both ways).
/// </summary>
public static class SecretFunction
{
    [Function("secret")]
    public static async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "secret/{*rest}")] HttpRequest request,
        FunctionContext context)
    {
        request.HttpContext.Response.Headers["X-Echo-Function"] = "secret";
        // The whole body is read before any of it is written back: the host forwards over HTTP/1.1 with an HttpClient,
        // which sends all of a request before it reads the response, so echoing while reading would stall a large body.
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.CancellationToken);
        if (request.Query["echo"] == "body")
        {
            body.Position = 0;
            return Results.Stream(body, request.ContentType ?? "application/octet-stream");
        }

        var echo = new Echo(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Host.Value ?? "",
            request.Scheme,
            request.HttpContext.Connection.RemoteIpAddress?.ToString(),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.Length,
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body.ToArray())),
            context.InvocationId,
            context.BindingContext.BindingData.ToDictionary(b => b.Key, b => b.Value?.ToString()));

        // The response carries a header and a status of its own choosing, so a test sees them pass back unchanged.
        if (request.Query.TryGetValue("status", out var status) && int.TryParse(status, out var code))
        {
            return Results.Json(echo, statusCode: code);
        }

        return Results.Json(echo);
    }

    public sealed record Echo(
        string Method,
        string Path,
        string Query,
        string Host,
        string Scheme,
        string? RemoteIp,
        Dictionary<string, string> Headers,
        long BodyLength,
        string BodySha256,
        string InvocationId,
        Dictionary<string, string?> BindingData);
}
