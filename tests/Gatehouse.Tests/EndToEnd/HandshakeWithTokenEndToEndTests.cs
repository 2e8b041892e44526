using System.Net;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// SPEC §6 (issue #10, item 1): signed in with a token, the handshake only does what Nuxeo Drive does with
/// it — get that token back for its own triplet, revoke its own binding. A token never mints a binding or a
/// permission, and never revokes another binding. Against the published handler and Azurite.
/// </summary>
public sealed class HandshakeWithTokenEndToEndTests(GatehouseFixture gatehouse) : IClassFixture<GatehouseFixture>
{
    private static string Handshake(string application, string device, string? permission = "ReadWrite", string? extra = null) =>
        $"/authentication/token?applicationName={Uri.EscapeDataString(application)}&deviceId={Uri.EscapeDataString(device)}"
        + (permission is null ? string.Empty : "&permission=" + Uri.EscapeDataString(permission))
        + (extra is null ? string.Empty : "&" + extra);

    private static string NewDevice() => "device-" + Guid.NewGuid().ToString("N");

    private async Task<string> AcquireWithPasswordAsync(string application, string device, string permission = "ReadWrite")
    {
        using var response = await gatehouse.GetAsync(Handshake(application, device, permission), gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task<HttpResponseMessage> WithTokenAsync(string pathAndQuery, string token) =>
        gatehouse.GetAsync(pathAndQuery, null, ("X-Authentication-Token", token));

    private async Task<HttpStatusCode> AuthorizePostAsync(string token)
    {
        using var response = await gatehouse.AuthorizeAsync("POST", "/api/things", ("X-Authentication-Token", token));
        return response.StatusCode;
    }

    [Fact]
    public async Task A_read_only_token_cannot_mint_a_read_write_token_for_another_triplet()
    {
        var readOnly = await AcquireWithPasswordAsync("cli", NewDevice(), "r");

        using var response = await WithTokenAsync(Handshake("x", NewDevice(), "ReadWrite"), readOnly);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("sign in with a password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var list = await gatehouse.GetAsync("/api/v1/token?application=x", gatehouse.AdminBasic());
        Assert.DoesNotContain("\"application\":\"x\"", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_write_token_cannot_mint_either()
    {
        var token = await AcquireWithPasswordAsync("Nuxeo Drive", NewDevice());

        using var response = await WithTokenAsync(Handshake("Nuxeo Drive", NewDevice()), token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_token_asking_for_its_own_triplet_gets_itself_back_and_no_more_permission()
    {
        var device = NewDevice();
        var readOnly = await AcquireWithPasswordAsync("cli", device, "read-only");

        using var response = await WithTokenAsync(Handshake("cli", device, "ReadWrite"), readOnly);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(readOnly, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, await AuthorizePostAsync(readOnly));
    }

    [Fact]
    public async Task A_token_cannot_revoke_another_binding_of_its_user()
    {
        var other = NewDevice();
        var otherToken = await AcquireWithPasswordAsync("Nuxeo Drive", other);
        var readOnly = await AcquireWithPasswordAsync("cli", NewDevice(), "r");

        using var response = await WithTokenAsync(Handshake("Nuxeo Drive", other, permission: null, extra: "revoke=true"), readOnly);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await AuthorizePostAsync(otherToken));
    }

    [Fact]
    public async Task A_read_only_token_may_still_unbind_itself()
    {
        var device = NewDevice();
        var readOnly = await AcquireWithPasswordAsync("cli", device, "ro");

        using var revoked = await WithTokenAsync(Handshake("cli", device, permission: null, extra: "revoke=true"), readOnly);

        Assert.Equal(HttpStatusCode.Accepted, revoked.StatusCode);
        using var after = await gatehouse.AuthorizeAsync("GET", "/api/things", ("X-Authentication-Token", readOnly));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_token_cannot_create_one_through_the_token_api_either()
    {
        var token = await AcquireWithPasswordAsync("Nuxeo Drive", NewDevice());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/token?application=x&deviceId=y&permission=ReadWrite") { Headers = { { "X-Authentication-Token", token } } };

        using var response = await gatehouse.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("read-only", HttpStatusCode.Forbidden)]
    [InlineData("read_only", HttpStatusCode.Forbidden)]
    [InlineData("READ_ONLY", HttpStatusCode.Forbidden)]
    [InlineData("ro", HttpStatusCode.Forbidden)]
    [InlineData("r", HttpStatusCode.Forbidden)]
    [InlineData("rw", HttpStatusCode.OK)]
    [InlineData("ReadWrite", HttpStatusCode.OK)]
    public async Task Read_only_spellings_give_tokens_that_may_not_write(string permission, HttpStatusCode post)
    {
        var token = await AcquireWithPasswordAsync("cli", NewDevice(), permission);
        Assert.Equal(post, await AuthorizePostAsync(token));
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("read only")]
    [InlineData("admin")]
    public async Task An_unknown_permission_gets_400_naming_the_accepted_values(string permission)
    {
        using var response = await gatehouse.GetAsync(Handshake("cli", NewDevice(), permission), gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("read_only", text, StringComparison.Ordinal);
        Assert.Contains("ReadWrite".ToLowerInvariant(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cross_site_browser_request_cannot_mint_or_revoke()
    {
        var device = NewDevice();
        await AcquireWithPasswordAsync("cli", device);

        using var mint = await gatehouse.GetAsync(Handshake("cli", NewDevice()), gatehouse.AdminBasic(), ("Sec-Fetch-Site", "cross-site"));
        using var revoke = await gatehouse.GetAsync(Handshake("cli", device, permission: null, extra: "revoke=true"), gatehouse.AdminBasic(), ("Sec-Fetch-Site", "cross-site"));
        using var sameOrigin = await gatehouse.GetAsync(Handshake("cli", NewDevice()), gatehouse.AdminBasic(), ("Sec-Fetch-Site", "same-origin"));

        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Created, sameOrigin.StatusCode);
        using var still = await gatehouse.GetAsync(Handshake("cli", device), gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.Created, still.StatusCode);
    }
}
