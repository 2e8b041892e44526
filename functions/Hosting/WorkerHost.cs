using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// The isolated worker the Functions host starts (SPEC §1.1): the ASP.NET Core integration serves the
/// <c>[Function]</c> classes in <c>Triggers/</c>, whose routes the SDK writes into the generated metadata.
/// </summary>
internal static class WorkerHost
{
    /// <summary>The Functions host passes where its gRPC endpoint is; without it there is no host to serve.</summary>
    public static bool IsStartedByFunctionsHost(string[] args, IConfiguration environment) =>
        args.Any(argument => argument is "--functions-uri" or "--host")
        || !string.IsNullOrEmpty(environment["Functions:Worker:HostEndpoint"]);

    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        GatehouseApp.AddServices(builder.Services, builder.Configuration, builder.Logging, standalone: false);

        // The host resolves dot segments before it routes, so under it /authorize/../tokens is the token page, answered
        // 200: a gateway in Path mode would read that as an allow. Path mode needs the standalone mode (raw path seen).
        builder.Services.AddOptions<Authorize.AuthorizerOptions>().Validate(
            options => options.OriginalRequest != Authorize.OriginalRequestSource.Path,
            $"{Authorize.AuthorizerOptions.Section}:OriginalRequest: Path mode needs the standalone mode; under the Functions host use XOriginal or XForwarded (the gateway sends the original method and URI in headers).");
        var host = builder.Build();
        GatehouseApp.InitializeOnStart(host.Services);
        return host;
    }
}
