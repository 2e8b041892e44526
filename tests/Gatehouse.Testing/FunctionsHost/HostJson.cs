using System.Globalization;
using System.Text.Json;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>What the double takes from the app's host.json: the HTTP route prefix and the function timeout.</summary>
internal sealed record HostJson(string RoutePrefix, TimeSpan? FunctionTimeout)
{
    /// <summary>The prefix when host.json sets none; <c>""</c> means no prefix.</summary>
    public const string DefaultRoutePrefix = "api";

    public static HostJson Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        using var document = AppFiles.ReadIfExists(path);
        if (document is null)
        {
            return new HostJson(DefaultRoutePrefix, null);
        }

        var root = document.RootElement;
        var prefix = root.Property("extensions")?.Property("http")?.Property("routePrefix") is { ValueKind: JsonValueKind.String } p
            ? p.GetString()!.Trim('/')
            : DefaultRoutePrefix;

        TimeSpan? timeout = null;
        if (root.Property("functionTimeout") is { ValueKind: JsonValueKind.String } t)
        {
            var text = t.GetString()!;
            // "-1" is the host's "no limit".
            if (text != "-1")
            {
                timeout = TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero
                    ? parsed
                    : throw new InvalidOperationException($"'{path}' functionTimeout '{text}' is not a positive hh:mm:ss time span or -1.");
            }
            else
            {
                timeout = Timeout.InfiniteTimeSpan;
            }
        }

        return new HostJson(prefix, timeout);
    }
}
