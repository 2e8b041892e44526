using System.Text.Json;
using Gatehouse.Functions.Hosting;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// The publish folder is an isolated-worker function app (SPEC §1.1, §1.2): host.json without a custom handler,
/// and the metadata the SDK generated from the <c>[Function]</c> classes, with the routes the standalone mode serves.
/// </summary>
public sealed class FunctionAppLayoutTests
{
    [Fact]
    public async Task Host_json_has_an_empty_route_prefix_and_no_custom_handler()
    {
        var app = await PublishedApp.GetDirectoryAsync();
        using var host = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app, "host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal(string.Empty, root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.False(root.TryGetProperty("customHandler", out _));
        Assert.False(root.TryGetProperty("extensionBundle", out _));
    }

    [Fact]
    public async Task Worker_config_names_the_dotnet_isolated_worker_in_the_folder()
    {
        var app = await PublishedApp.GetDirectoryAsync();
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("true", description.GetProperty("workerIndexing").GetString());
        Assert.True(File.Exists(Path.Combine(app, description.GetProperty("defaultWorkerPath").GetString()!)));
        Assert.Empty(Directory.EnumerateFiles(app, "function.json", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("token-handshake", Routes.Handshake, "Anonymous", "get")]
    [InlineData("token-api", Routes.TokenApi, "Anonymous", "get,post,delete")]
    [InlineData("authorize", Routes.Authorize, "Function", null)]
    [InlineData("token-page", Routes.TokenPage, "Anonymous", "get,head")]
    [InlineData("admin-page", Routes.AdminPage, "Anonymous", "get,head")]
    [InlineData("health", Routes.Health, "Anonymous", "get")]
    [InlineData("user-api", Routes.UserApi, "Anonymous", "get,post,put,delete")]
    [InlineData("group-api", Routes.GroupApi, "Anonymous", "get,post,put,delete")]
    [InlineData("me-api", Routes.MeApi, "Anonymous", "get,put")]
    [InlineData("site-api", Routes.SiteApi, "Anonymous", "get,post,put,delete")]
    [InlineData("audit", Routes.AuditApi, "Anonymous", "get")]
    [InlineData("sign-in", Routes.SignIn, "Anonymous", "get,post")]
    [InlineData("page-files", Routes.PageFiles, "Anonymous", "get,head")]
    [InlineData("drive-sign-in", Routes.DriveSignIn, "Anonymous", "get,post")]
    [InlineData("device-authorization", Routes.DeviceAuthorization, "Anonymous", "post")]
    [InlineData("oauth2-token", Routes.OAuthToken, "Anonymous", "post")]
    [InlineData("device-verification", Routes.DeviceVerification, "Anonymous", "get,post")]
    public async Task Each_function_has_the_route_methods_and_auth_level_of_the_spec(string function, string route, string authLevel, string? methods)
    {
        var trigger = (await TriggersAsync())[function];

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
        Assert.Equal(methods, trigger.TryGetProperty("methods", out var declared) ? string.Join(',', declared.EnumerateArray().Select(m => m.GetString())) : null);
    }

    [Fact]
    public async Task Every_function_is_one_the_spec_names()
    {
        Assert.Equal(["admin-page", "audit", "authorize", "device-authorization", "device-verification", "drive-sign-in", "group-api", "health", "housekeeping", "me-api", "oauth2-token", "page-files", "sign-in", "site-api", "token-api", "token-handshake", "token-page", "user-api"], (await TriggersAsync()).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Housekeeping_is_a_timer_on_an_ncrontab_schedule()
    {
        var trigger = (await TriggersAsync())["housekeeping"];

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(Gatehouse.Functions.Triggers.HousekeepingFunction.Schedule, trigger.GetProperty("schedule").GetString());
    }

    /// <summary>Each function's trigger binding, by function name.</summary>
    private static async Task<Dictionary<string, JsonElement>> TriggersAsync()
    {
        var app = await PublishedApp.GetDirectoryAsync();
        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app, "functions.metadata")));
        return metadata.RootElement.EnumerateArray().ToDictionary(
            function => function.GetProperty("name").GetString()!,
            function => function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).Clone());
    }
}
