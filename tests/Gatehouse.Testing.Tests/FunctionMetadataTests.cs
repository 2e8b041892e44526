using Gatehouse.Testing.FunctionsHost.Protocol;

namespace Gatehouse.Testing.Tests;

/// <summary>The worker's FunctionMetadataResponse is read as the host reads it, and what the host would refuse stops start-up.</summary>
public sealed class FunctionMetadataTests
{
    private const string HttpTrigger = """{"name":"req","type":"httpTrigger","direction":"In","authLevel":"Function","methods":["get","Post"],"route":"v1/token/{id?}"}""";
    private const string HttpOutput = """{"name":"$return","type":"http","direction":"Out"}""";

    [Fact]
    public void Route_methods_level_and_bindings_come_from_the_raw_bindings()
    {
        var indexed = Single(Metadata("token", HttpTrigger, HttpOutput), routePrefix: "api");

        var function = indexed.Function;
        Assert.Equal(("token", "id-token", "httpTrigger", "req"), (function.Name, function.Id, function.TriggerType, function.TriggerName));
        Assert.Equal(("api/v1/token/{id?}", AuthorizationLevel.Function), (function.Route, function.AuthLevel!.Value));
        Assert.Equal(["GET", "POST"], function.Methods!);
        var bindings = indexed.LoadRequest.Metadata.Bindings;
        Assert.Equal(("httpTrigger", BindingInfo.Types.Direction.In), (bindings["req"].Type, bindings["req"].Direction));
        Assert.Equal(("http", BindingInfo.Types.Direction.Out), (bindings["$return"].Type, bindings["$return"].Direction));
        Assert.Equal(("id-token", "token", "App.dll", "App.Token.Run"), (indexed.LoadRequest.FunctionId, indexed.LoadRequest.Metadata.Name, indexed.LoadRequest.Metadata.ScriptFile, indexed.LoadRequest.Metadata.EntryPoint));
    }

    [Theory]
    [InlineData("""{"name":"req","type":"httpTrigger","direction":"In"}""", "api", "api/named", null, AuthorizationLevel.Function)]
    [InlineData("""{"name":"req","type":"httpTrigger","direction":"In","authLevel":"anonymous","route":""}""", "", "named", null, AuthorizationLevel.Anonymous)]
    public void Without_a_route_the_function_name_is_the_route_and_without_a_level_it_is_Function(string trigger, string prefix, string route, string[]? methods, AuthorizationLevel level)
    {
        var function = Single(Metadata("named", trigger), prefix).Function;

        Assert.Equal((route, level), (function.Route, function.AuthLevel!.Value));
        Assert.Equal(methods, function.Methods);
    }

    private static readonly Dictionary<string, Func<FunctionMetadataResponse>> Refused = new()
    {
        ["indexing failed"] = () => new FunctionMetadataResponse { Result = Failure("no metadata provider") },
        ["one function failed"] = () => Response(Metadata("bad", HttpTrigger), status: Failure("bad binding")),
        ["host indexing asked for"] = () => new FunctionMetadataResponse { UseDefaultMetadataIndexing = true, Result = Success() },
        ["no trigger"] = () => Response(Metadata("lonely", HttpOutput)),
        ["two triggers"] = () => Response(Metadata("greedy", HttpTrigger, HttpTrigger.Replace("\"req\"", "\"req2\"", StringComparison.Ordinal))),
        ["unknown level"] = () => Response(Metadata("odd", HttpTrigger.Replace("Function", "Everyone", StringComparison.Ordinal))),
        ["not JSON"] = () => Response(Metadata("broken", "{\"name\":")),
        ["two functions of one name"] = () => Response(Metadata("twin", HttpTrigger), Metadata("Twin", HttpTrigger)),
    };

    [Theory]
    [InlineData("indexing failed", "failed to index its functions: System.Exception no metadata provider")]
    [InlineData("one function failed", "failed to index the function 'bad'")]
    [InlineData("host indexing asked for", "worker indexing only")]
    [InlineData("no trigger", "'lonely' declares no trigger")]
    [InlineData("two triggers", "declares two triggers")]
    [InlineData("unknown level", "unknown authLevel 'Everyone'")]
    [InlineData("not JSON", "raw binding that is not JSON")]
    [InlineData("two functions of one name", "two functions named 'twin'")]
    public void Metadata_the_host_would_refuse_stops_start_up(string refusal, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => IndexedFunction.FromMetadata(Refused[refusal](), "api"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static IndexedFunction Single(RpcFunctionMetadata metadata, string routePrefix) =>
        Assert.Single(IndexedFunction.FromMetadata(Response(metadata), routePrefix));

    private static FunctionMetadataResponse Response(params RpcFunctionMetadata[] functions) => Response(functions, null);

    private static FunctionMetadataResponse Response(RpcFunctionMetadata function, StatusResult status)
    {
        function.Status = status;
        return Response([function], null);
    }

    private static FunctionMetadataResponse Response(RpcFunctionMetadata[] functions, StatusResult? result)
    {
        var response = new FunctionMetadataResponse { Result = result ?? Success() };
        response.FunctionMetadataResults.Add(functions);
        return response;
    }

    private static RpcFunctionMetadata Metadata(string name, params string[] rawBindings)
    {
        var metadata = new RpcFunctionMetadata
        {
            Name = name,
            FunctionId = "id-" + name,
            ScriptFile = "App.dll",
            EntryPoint = "App.Token.Run",
            Language = "dotnet-isolated",
        };
        metadata.RawBindings.Add(rawBindings);
        return metadata;
    }

    private static StatusResult Success() => new() { Status = StatusResult.Types.Status.Success };

    private static StatusResult Failure(string message) =>
        new() { Status = StatusResult.Types.Status.Failure, Exception = new Gatehouse.Testing.FunctionsHost.Protocol.RpcException { Type = "System.Exception", Message = message } };
}
