using System.Text.Json;
using Gatehouse.Testing.FunctionsHost.Protocol;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// One entry of the worker's FunctionMetadataResponse, read as the host reads it: bindings, route, methods
/// and authLevel come only from the <c>raw_bindings</c> JSON strings.
/// </summary>
internal sealed record IndexedFunction(HostedFunction Function, FunctionLoadRequest LoadRequest)
{
    public static IReadOnlyList<IndexedFunction> FromMetadata(FunctionMetadataResponse response, string routePrefix)
    {
        if (response.UseDefaultMetadataIndexing)
        {
            throw new InvalidOperationException("The worker asked the host to index functions itself (use_default_metadata_indexing); the host double supports worker indexing only.");
        }

        if (response.Result?.Status == StatusResult.Types.Status.Failure)
        {
            throw new InvalidOperationException("The worker failed to index its functions: " + Describe(response.Result));
        }

        var functions = new List<IndexedFunction>(response.FunctionMetadataResults.Count);
        foreach (var metadata in response.FunctionMetadataResults)
        {
            if (metadata.Status?.Status == StatusResult.Types.Status.Failure)
            {
                throw new InvalidOperationException($"The worker failed to index the function '{metadata.Name}': " + Describe(metadata.Status));
            }

            functions.Add(From(metadata, routePrefix));
        }

        var duplicate = functions.GroupBy(f => f.Function.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? functions
            : throw new InvalidOperationException($"The worker indexed two functions named '{duplicate.Key}'.");
    }

    /// <summary>A StatusResult's message and exception, for start-up failures.</summary>
    public static string Describe(StatusResult result)
    {
        var exception = result.Exception;
        var text = string.IsNullOrEmpty(result.Result) ? "" : result.Result;
        if (exception is not null)
        {
            text += $"{(text.Length > 0 ? ": " : "")}{exception.Type} {exception.Message}".Trim();
            if (!string.IsNullOrEmpty(exception.StackTrace))
            {
                text += "\n" + exception.StackTrace;
            }
        }

        return text.Length > 0 ? text : "(no message)";
    }

    private static IndexedFunction From(RpcFunctionMetadata metadata, string routePrefix)
    {
        var load = new FunctionLoadRequest
        {
            FunctionId = metadata.FunctionId,
            Metadata = new RpcFunctionMetadata
            {
                Name = metadata.Name,
                Directory = metadata.Directory ?? "",
                EntryPoint = metadata.EntryPoint ?? "",
                ScriptFile = metadata.ScriptFile ?? "",
                IsProxy = false,
            },
        };
        load.Metadata.Properties.Add(metadata.Properties);

        RawBinding? trigger = null;
        foreach (var json in metadata.RawBindings)
        {
            var binding = RawBinding.Parse(json, metadata.Name);
            load.Metadata.Bindings[binding.Name] = binding.ToBindingInfo();
            if (binding.IsTrigger)
            {
                trigger = trigger is null
                    ? binding
                    : throw new InvalidOperationException($"The function '{metadata.Name}' declares two triggers ('{trigger.Name}' and '{binding.Name}').");
            }
        }

        if (trigger is null)
        {
            throw new InvalidOperationException($"The function '{metadata.Name}' declares no trigger binding.");
        }

        var isHttp = string.Equals(trigger.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase);
        string? route = null;
        if (isHttp)
        {
            // The host's template: "{prefix}/{route}", the function name when the trigger names no route.
            var suffix = string.IsNullOrEmpty(trigger.Route) ? metadata.Name : trigger.Route;
            route = routePrefix.Length == 0 ? suffix : routePrefix + "/" + suffix;
        }

        var function = new HostedFunction(
            metadata.Name,
            metadata.FunctionId,
            trigger.Type,
            trigger.Name,
            route,
            isHttp ? trigger.Methods : null,
            isHttp ? trigger.AuthLevel : null);
        return new IndexedFunction(function, load);
    }

    /// <summary>One raw binding: <c>{"name":…,"type":…,"direction":…, and for HTTP "authLevel", "methods", "route"}</c>.</summary>
    private sealed record RawBinding(
        string Name,
        string Type,
        BindingInfo.Types.Direction Direction,
        BindingInfo.Types.DataType? DataType,
        string? Route,
        IReadOnlyList<string>? Methods,
        AuthorizationLevel AuthLevel)
    {
        public bool IsTrigger =>
            Direction == BindingInfo.Types.Direction.In && Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

        public BindingInfo ToBindingInfo()
        {
            var info = new BindingInfo { Type = Type, Direction = Direction };
            if (DataType is { } dataType)
            {
                info.DataType = dataType;
            }

            return info;
        }

        public static RawBinding Parse(string json, string functionName)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"The function '{functionName}' has a raw binding that is not JSON ({ex.Message}): {json}", ex);
            }

            using (document)
            {
                var root = document.RootElement;
                var name = root.Property("name")?.GetString();
                var type = root.Property("type")?.GetString();
                if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(type))
                {
                    throw new InvalidOperationException($"The function '{functionName}' has a raw binding without name or type: {json}");
                }

                return new RawBinding(
                    name,
                    type,
                    ParseEnum(root.Property("direction")?.GetString(), BindingInfo.Types.Direction.In, functionName, "direction"),
                    root.Property("dataType")?.GetString() is { } dataType
                        ? ParseEnum(dataType, BindingInfo.Types.DataType.Undefined, functionName, "dataType")
                        : null,
                    root.Property("route")?.GetString(),
                    root.Property("methods") is { ValueKind: JsonValueKind.Array } methods
                        ? methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToArray()
                        : null,
                    // The WebJobs HttpTrigger attribute's default when no level is given.
                    ParseEnum(root.Property("authLevel")?.GetString(), AuthorizationLevel.Function, functionName, "authLevel"));
            }
        }

        private static T ParseEnum<T>(string? text, T fallback, string functionName, string property)
            where T : struct, Enum =>
            text is null ? fallback
            : Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
            : throw new InvalidOperationException($"The function '{functionName}' has a binding with an unknown {property} '{text}'.");
    }
}
