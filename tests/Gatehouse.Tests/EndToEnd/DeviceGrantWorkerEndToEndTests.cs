using System.Net;
using Gatehouse.Tests.Infrastructure;
using static Gatehouse.Tests.Infrastructure.SignInSteps;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>The device grant under the Functions host double (the worker behind the host's proxy): start, approve on <c>/device</c>, poll.</summary>
public sealed class DeviceGrantWorkerEndToEndTests(SignInFixture gatehouse) : IClassFixture<SignInFixture>
{
    [Fact]
    public async Task Start_approve_and_poll_work_through_the_host()
    {
        var client = gatehouse.Client;
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(client, basic);
        using var started = await client.PostAsync("oauth2/device_authorization", new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "worker-cli" }));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var start = await JsonAsync(started);
        Assert.Equal(new Uri(client.BaseAddress!, "device").ToString(), start.GetProperty("verification_uri").GetString());

        using var consent = await client.GetAsync("device?user_code=" + start.GetProperty("user_code").GetString());
        Assert.Contains("read and write", await consent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var approved = await client.PostAsync(
            "device?user_code=" + start.GetProperty("user_code").GetString(),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["session"] = session }));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        using var token = await client.PostAsync("oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["device_code"] = start.GetProperty("device_code").GetString()!,
            ["client_id"] = "worker-cli",
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal("Bearer", (await JsonAsync(token)).GetProperty("token_type").GetString());
    }
}
