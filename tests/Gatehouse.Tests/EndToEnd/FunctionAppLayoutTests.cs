using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>The publish folder is a function app <c>func start --script-root</c> runs unchanged (SPEC §1.1, §1.2).</summary>
public sealed partial class FunctionAppLayoutTests
{
    private static readonly string[] Functions = ["token-handshake", "token-api", "authorize", "token-page", "health"];

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,127}$")]
    private static partial Regex FunctionFolderName();

    [Fact]
    public async Task Host_json_declares_a_proxying_custom_handler_with_an_empty_route_prefix()
    {
        var app = await PublishedApp.GetDirectoryAsync();
        using var host = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app, "host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal(string.Empty, root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.True(root.GetProperty("customHandler").GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.False(root.TryGetProperty("extensionBundle", out _));
        var executable = root.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        Assert.True(File.Exists(Path.Combine(app, executable)), $"{executable} is not in the app folder");
        Assert.True(File.GetUnixFileMode(Path.Combine(app, executable)).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task Every_function_has_a_folder_with_one_http_trigger_and_one_http_output()
    {
        var app = await PublishedApp.GetDirectoryAsync();
        foreach (var function in Functions)
        {
            Assert.Matches(FunctionFolderName(), function);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app, function, "function.json")));
            var bindings = json.RootElement.GetProperty("bindings").EnumerateArray().ToList();
            Assert.Equal(2, bindings.Count);
            Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger" && b.GetProperty("direction").GetString() == "in");
            Assert.Single(bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "out");
        }
    }

    [Theory]
    [InlineData("token-handshake", "authentication/token", "anonymous")]
    [InlineData("token-api", "api/v1/token/{*rest}", "anonymous")]
    [InlineData("authorize", "authorize/{*path}", "function")]
    [InlineData("health", "health", "anonymous")]
    public async Task Function_routes_and_auth_levels_match_the_spec(string function, string route, string authLevel)
    {
        var app = await PublishedApp.GetDirectoryAsync();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app, function, "function.json")));
        var trigger = json.RootElement.GetProperty("bindings")[0];

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
    }
}
