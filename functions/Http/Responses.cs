using System.Text;
using Gatehouse.Chain;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Functions.Http;

/// <summary>The few response shapes every endpoint shares, so status codes and texts stay consistent.</summary>
internal static class Responses
{
    private const string PlainTextUtf8 = "text/plain;charset=UTF-8";

    /// <summary>A plain-text body with no trailing newline (nuxeo-python-client treats one as failure).</summary>
    public static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = PlainTextUtf8;
        return context.Response.WriteAsync(text, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>
    /// An error's body: Nuxeo's exception JSON on the routes that answer like Nuxeo's REST API
    /// (<see cref="NuxeoExceptions.Use"/>), else plain text.
    /// </summary>
    public static Task ErrorAsync(HttpContext context, int status, string text) =>
        NuxeoExceptions.AreUsed(context) ? NuxeoExceptions.WriteAsync(context, status, text) : TextAsync(context, status, text);

    public static Task UnavailableAsync(HttpContext context, string dependency) => DenyAsync(context, ChainDecision.Unavailable(dependency));

    /// <summary>
    /// Sets the status and headers of a chain decision that is not an allow — 401 (+ challenge), 403, 429 or
    /// 503 (both + <c>Retry-After</c>) — for callers that write their own body (the authorizer's JSON).
    /// </summary>
    public static int ApplyDenial(HttpResponse response, ChainDecision decision)
    {
        switch (decision.Kind)
        {
            case DecisionKind.Unavailable:
                SetRetryAfter(response, decision.RetryAfter ?? ChainDecision.OutageRetryAfter);
                return response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            case DecisionKind.Throttled:
                SetRetryAfter(response, decision.RetryAfter ?? ChainDecision.OutageRetryAfter);
                return response.StatusCode = StatusCodes.Status429TooManyRequests;
            case DecisionKind.Forbidden:
                return response.StatusCode = StatusCodes.Status403Forbidden;
            default:
                if (decision.Challenge is not null)
                {
                    response.Headers[HeaderNames.WWWAuthenticate] = decision.Challenge;
                }

                return response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    /// <summary>Answers a chain decision that is not an allow, with a plain-text reason.</summary>
    public static Task DenyAsync(HttpContext context, ChainDecision decision)
    {
        var status = ApplyDenial(context.Response, decision);
        var text = status switch
        {
            StatusCodes.Status503ServiceUnavailable => $"Service unavailable: {decision.Dependency ?? "a dependency"} cannot be reached. Retry later.",
            StatusCodes.Status429TooManyRequests => $"Too many requests: {decision.Reason}. Retry after {RetryAfterSeconds(decision.RetryAfter)} seconds.",
            StatusCodes.Status403Forbidden => "Forbidden: " + (decision.Reason ?? "not permitted"),
            _ => "Unauthorized: " + (decision.Reason ?? "credentials required"),
        };
        return ErrorAsync(context, status, text);
    }

    /// <summary>
    /// Bad input the library refused (oversized, control characters, an unknown permission, ...): 400 with its
    /// message, without .NET's "(Parameter '...')" suffix, in the words of the HTTP parameter when they differ.
    /// </summary>
    public static Task BadRequestAsync(HttpContext context, ArgumentException invalid, IReadOnlyDictionary<string, string>? parameterNames = null)
    {
        var message = invalid.Message;
        if (invalid.ParamName is { } name)
        {
            var suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length];
            }

            if (parameterNames is not null && parameterNames.TryGetValue(name, out var parameter))
            {
                message = message.Replace(name, parameter, StringComparison.Ordinal);
            }
        }

        return ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request: " + message);
    }

    /// <summary>Whole seconds, rounded up: a client that waits what it is told never comes back too early.</summary>
    public static long RetryAfterSeconds(TimeSpan? retryAfter) => (long)Math.Ceiling((retryAfter ?? ChainDecision.OutageRetryAfter).TotalSeconds);

    public static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = RetryAfterSeconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method {context.Request.Method} is not allowed here; use {allow}.");
    }

    /// <summary>True when the client asked for JSON (<c>Accept: application/json</c>), tolerant of malformed headers.</summary>
    public static bool WantsJson(HttpRequest request)
    {
        foreach (var value in request.Headers.Accept)
        {
            if (value is not null && value.Contains("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
