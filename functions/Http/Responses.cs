using System.Text;
using Gatehouse.Chain;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Functions.Http;

/// <summary>The few response shapes every endpoint shares, so status codes and texts stay consistent.</summary>
internal static class Responses
{
    /// <summary>Seconds a client should wait after a 503: long enough for a storage blip to pass.</summary>
    public const string RetryAfterSeconds = "5";

    private const string PlainTextUtf8 = "text/plain;charset=UTF-8";

    /// <summary>A plain-text body with no trailing newline (nuxeo-python-client treats one as failure).</summary>
    public static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = PlainTextUtf8;
        return context.Response.WriteAsync(text, Encoding.UTF8, context.RequestAborted);
    }

    public static Task UnavailableAsync(HttpContext context, string dependency)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TextAsync(context, StatusCodes.Status503ServiceUnavailable, $"Service unavailable: {dependency} cannot be reached. Retry later.");
    }

    /// <summary>Answers a chain decision that is not an allow: 401 (+ challenge), 403 or 503.</summary>
    public static Task DenyAsync(HttpContext context, ChainDecision decision)
    {
        switch (decision.Kind)
        {
            case DecisionKind.Unavailable:
                return UnavailableAsync(context, decision.Reason ?? "a dependency");
            case DecisionKind.Forbidden:
                return TextAsync(context, StatusCodes.Status403Forbidden, "Forbidden: " + (decision.Reason ?? "not permitted"));
            default:
                if (decision.Challenge is not null)
                {
                    context.Response.Headers[HeaderNames.WWWAuthenticate] = decision.Challenge;
                }

                return TextAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: " + (decision.Reason ?? "credentials required"));
        }
    }

    public static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return TextAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method {context.Request.Method} is not allowed here; use {allow}.");
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
