using System.Net;
using Gatehouse.Testing;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>A Gatehouse issuing today's prefixed tokens, whose settings a test can start a switched deployment with.</summary>
public sealed class PrefixedTokensFixture : GatehouseFixture
{
    private Dictionary<string, string>? _settings;

    /// <summary>The settings this deployment started with, its token key included.</summary>
    public IReadOnlyDictionary<string, string> Settings => _settings ?? throw new InvalidOperationException("not started");

    protected override Dictionary<string, string> Environment(string storageConnectionString) => _settings = base.Environment(storageConnectionString);
}

/// <summary><c>Gatehouse:Tokens:Format</c> through the published app: a fleet of Nuxeo Drive 7.0.1 gets UUID tokens, and nobody loses theirs.</summary>
public sealed class TokenFormatEndToEndTests(PrefixedTokensFixture gatehouse) : IClassFixture<PrefixedTokensFixture>
{
    private const string UuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    [Fact]
    public async Task Switched_to_uuid_the_handshake_issues_uuid_tokens_and_every_token_keeps_working_on_both_deployments()
    {
        var prefixedDevice = "drive-" + Guid.NewGuid().ToString("N");
        var prefixed = await HandshakeAsync(gatehouse.Handler, prefixedDevice);
        Assert.StartsWith("gth_", prefixed, StringComparison.Ordinal);

        // The same storage and key, the setting switched: what a redeployment with Format=Uuid is.
        await using var switched = await GatehouseProcess.StartAsync(
            new Dictionary<string, string>(gatehouse.Settings) { ["Gatehouse__Tokens__Format"] = "Uuid" }, gatehouse.Mode);
        var uuid = await HandshakeAsync(switched, "drive-" + Guid.NewGuid().ToString("N"));

        Assert.Matches(UuidPattern, uuid);
        foreach (var app in new[] { switched, gatehouse.Handler })
        {
            foreach (var token in new[] { uuid, prefixed })
            {
                using var answer = await AuthorizeAsync(app, token);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }
        }

        // A device that bound before the switch gets its own token back, in the shape it holds.
        Assert.Equal(prefixed, await HandshakeAsync(switched, prefixedDevice));
    }

    private async Task<string> HandshakeAsync(IServedApp app, string device)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/authentication/token?applicationName=Nuxeo%20Drive&deviceId={device}&permission=ReadWrite")
        {
            Headers = { Authorization = gatehouse.AdminBasic() },
        };
        using var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> AuthorizeAsync(IServedApp app, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/authorize");
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/api/things");
        request.Headers.Add("X-Authentication-Token", token);
        if (app.FunctionKey is { } key)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return await app.Client.SendAsync(request);
    }
}
