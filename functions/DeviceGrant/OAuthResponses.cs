using Gatehouse.Functions.Http;

namespace Gatehouse.Functions.DeviceGrant;

/// <summary>The OAuth endpoints' answers: JSON, never cached (RFC 6749 §5.1), errors as <c>{"error","error_description"}</c>.</summary>
internal static class OAuthResponses
{
    /// <summary>A form is a few short fields: anything longer is not one.</summary>
    public const int MaxFormLength = 4 * 1024;

    public static Task ErrorAsync(HttpContext context, string error, string description) =>
        JsonAsync(context, StatusCodes.Status400BadRequest, new OAuthErrorJson(error, description), GatehouseJsonContext.Default.OAuthErrorJson);

    public static Task JsonAsync<T>(HttpContext context, int status, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return context.Response.WriteAsJsonAsync(body, type, cancellationToken: context.RequestAborted);
    }

    /// <summary>The posted form, or null after answering <c>invalid_request</c> (not POST, not a form, too long).</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await Responses.MethodNotAllowedAsync(context, "POST");
            return null;
        }

        if (!context.Request.HasFormContentType || context.Request.ContentLength is null or > MaxFormLength)
        {
            await ErrorAsync(context, "invalid_request", "the request is a form (application/x-www-form-urlencoded) of at most " + MaxFormLength + " bytes");
            return null;
        }

        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    /// <summary>A form field's value; absent and empty are the same.</summary>
    public static string? Field(this IFormCollection form, string name) =>
        form[name] is { Count: 1 } values && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
