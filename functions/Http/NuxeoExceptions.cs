using System.Text.Json.Serialization;

namespace Gatehouse.Functions.Http;

/// <summary>
/// Nuxeo's REST API answers every error as <c>{"entity-type":"exception","status":N,"message":"..."}</c>, and
/// nuxeo-python-client reads <c>status</c> and <c>message</c> from it (NUXEO-FACTS §1). The routes that speak
/// Nuxeo's directory API mark their requests, so that every error on them — the chain's 401/403/429/503, a 400 for
/// input the library refused, a 405 — takes this shape, whoever writes it (<see cref="Responses.ErrorAsync"/>).
/// </summary>
internal static class NuxeoExceptions
{
    private static readonly object Marker = new();

    /// <summary>Makes every error answered to this request Nuxeo's exception JSON.</summary>
    public static void Use(HttpContext context) => context.Items[Marker] = Marker;

    public static bool AreUsed(HttpContext context) => context.Items.ContainsKey(Marker);

    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new NuxeoExceptionJson("exception", status, message), GatehouseJsonContext.Default.NuxeoExceptionJson, cancellationToken: context.RequestAborted);
    }
}

/// <summary>Nuxeo's exception entity.</summary>
internal sealed record NuxeoExceptionJson([property: JsonPropertyName("entity-type")] string EntityType, int Status, string Message);

/// <summary>An endpoint whose every error is Nuxeo's exception JSON (<see cref="NuxeoExceptions"/>): the runner marks its requests first.</summary>
internal interface IAnswersNuxeoExceptions;
