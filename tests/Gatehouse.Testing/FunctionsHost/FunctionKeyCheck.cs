using Microsoft.AspNetCore.Http;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// The host's key check for an HTTP trigger, run before anything is forwarded or invoked. The key is the
/// <c>x-functions-key</c> header when present (even empty), else the <c>code</c> query parameter. The master key
/// opens everything; otherwise the level the key grants must equal the one the function needs — so a system
/// key does not open a Function-level function, and a User-level one opens only with the master key.
/// </summary>
internal static class FunctionKeyCheck
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    public static bool Allows(HttpRequest request, HostedFunction function, FunctionKeys keys)
    {
        var required = function.AuthLevel ?? AuthorizationLevel.Function;
        if (required == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        var presented = request.Headers.TryGetValue(HeaderName, out var header) ? First(header)
            : request.Query.TryGetValue(QueryName, out var query) ? First(query)
            : null;
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var granted = keys.LevelOf(presented, function.Name);
        return granted == AuthorizationLevel.Admin || granted == required;
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) => values.Count > 0 ? values[0] : null;
}
