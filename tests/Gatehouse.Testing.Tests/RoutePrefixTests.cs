using System.Net;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary>host.json's <c>extensions.http.routePrefix</c> prefixes every route, on the host and in the worker alike.</summary>
public sealed class RoutePrefixTests
{
    public static TheoryData<string, string, string> HostJsons => new()
    {
        { "no routePrefix: the default api", """{ "version": "2.0" }""", "api/hello" },
        { "a custom prefix", """{ "version": "2.0", "extensions": { "http": { "routePrefix": "custom/v1" } } }""", "custom/v1/hello" },
        { "an empty prefix: none", """{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }""", "hello" },
    };

    [Theory]
    [MemberData(nameof(HostJsons))]
    public async Task Routes_carry_the_route_prefix_of(string what, string hostJson, string path)
    {
        _ = what;
        using var app = await BareWorkerApp.CopyAsync(dir => File.WriteAllText(Path.Combine(dir, "host.json"), hostJson));
        await using var host = await FunctionsHostDouble.StartAsync(BareWorkerApp.Options(app.Directory));

        using var prefixed = await host.Client.GetAsync(path);
        using var bare = await host.Client.GetAsync(path == "hello" ? "api/hello" : "hello");

        Assert.Equal(path, host.Functions.Single(f => f.Name == "hello").Route);
        // 200 also proves the worker mapped the same prefixed route: it answers 404 itself otherwise.
        Assert.Equal(HttpStatusCode.OK, prefixed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bare.StatusCode);
    }
}
