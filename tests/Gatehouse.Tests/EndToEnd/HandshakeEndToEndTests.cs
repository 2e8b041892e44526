using System.Net;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>SPEC §6 over real HTTP against the published handler and Azurite: every row of the handshake table.</summary>
public sealed class HandshakeEndToEndTests(GatehouseFixture gatehouse) : IClassFixture<GatehouseFixture>
{
    private static string Handshake(string application, string device, string? permission = "ReadWrite", string? extra = null) =>
        $"/authentication/token?applicationName={Uri.EscapeDataString(application)}&deviceId={Uri.EscapeDataString(device)}"
        + (permission is null ? string.Empty : "&permission=" + Uri.EscapeDataString(permission))
        + (extra is null ? string.Empty : "&" + extra);

    private static string NewDevice() => "device-" + Guid.NewGuid().ToString("N");

    private async Task<string> AcquireAsync(string application, string device)
    {
        using var response = await gatehouse.GetAsync(Handshake(application, device), gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task New_triplet_gets_201_and_a_bare_plain_text_token_without_newline()
    {
        using var response = await gatehouse.GetAsync(Handshake("Nuxeo Drive", NewDevice(), extra: "deviceDescription=My%20Linux%20box"), gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/plain; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        var token = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("gth_", token, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', token);
        Assert.Equal(token.Trim(), token);
    }

    [Fact]
    public async Task Same_triplet_twice_returns_the_same_token()
    {
        var device = NewDevice();
        Assert.Equal(await AcquireAsync("Nuxeo Drive", device), await AcquireAsync("Nuxeo Drive", device));
    }

    [Fact]
    public async Task Python_client_revoke_false_acquires()
    {
        using var response = await gatehouse.GetAsync(Handshake("nuxeo-python-client", NewDevice(), extra: "revoke=false"), gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Login_by_email_address_works_case_insensitively()
    {
        using var response = await gatehouse.GetAsync(Handshake("cli", NewDevice()), GatehouseFixture.Basic(GatehouseFixture.AdminEmail.ToUpperInvariant(), gatehouse.AdminPassword));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("deviceId=d1&permission=rw", "applicationName")]
    [InlineData("applicationName=a&permission=rw", "deviceId")]
    [InlineData("applicationName=a&deviceId=d1", "permission")]
    [InlineData("applicationName=&deviceId=&permission=", "applicationName, deviceId, permission")]
    [InlineData("revoke=true&deviceId=d1", "applicationName")]
    [InlineData("revoke=TRUE&applicationName=a", "deviceId")]
    public async Task Missing_parameters_get_400_naming_them(string query, string named)
    {
        using var response = await gatehouse.GetAsync("/authentication/token?" + query, gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_answers_202_with_nuxeos_text_then_400_when_nothing_is_left()
    {
        var device = NewDevice();
        await AcquireAsync("Nuxeo Drive Café", device);

        using var revoked = await gatehouse.GetAsync(Handshake("Nuxeo Drive Café", device, permission: null, extra: "revoke=True"), gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.Accepted, revoked.StatusCode);
        Assert.Equal($"Token revoked for userName admin, applicationName Nuxeo Drive Café and deviceId {device}.", await revoked.Content.ReadAsStringAsync());

        using var again = await gatehouse.GetAsync(Handshake("Nuxeo Drive Café", device, permission: null, extra: "revoke=true"), gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal($"No token found for userName admin, applicationName Nuxeo Drive Café and deviceId {device}; nothing to do.", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Device_revokes_with_its_own_token_header_and_the_token_then_fails()
    {
        var device = NewDevice();
        var token = await AcquireAsync("Nuxeo Drive", device);

        using var revoked = await gatehouse.GetAsync(Handshake("Nuxeo Drive", device, permission: null, extra: "revoke=true"), null, ("X-Authentication-Token", token));
        Assert.Equal(HttpStatusCode.Accepted, revoked.StatusCode);

        using var reused = await gatehouse.GetAsync(Handshake("Nuxeo Drive", device), null, ("X-Authentication-Token", token));
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
    }

    [Fact]
    public async Task No_credentials_get_401_with_a_basic_challenge()
    {
        using var response = await gatehouse.GetAsync(Handshake("cli", NewDevice()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.StartsWith("realm=", challenge.Parameter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic YWRtaW4=")]
    [InlineData("Basic OnBhc3N3b3Jk")]
    [InlineData("Basic YWRtaW46")]
    public async Task Malformed_basic_headers_get_401_never_500(string authorization)
    {
        using var response = await gatehouse.GetAsync(Handshake("cli", NewDevice()), null, ("Authorization", authorization));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_401()
    {
        using var wrong = await gatehouse.GetAsync(Handshake("cli", NewDevice()), GatehouseFixture.Basic(GatehouseFixture.AdminUser, "not-the-password"));
        using var unknown = await gatehouse.GetAsync(Handshake("cli", NewDevice()), GatehouseFixture.Basic("nobody", "whatever"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Theory]
    [InlineData("gth_garbage")]
    [InlineData("not-a-token")]
    [InlineData("gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000")]
    public async Task Garbage_tokens_get_401(string token)
    {
        using var response = await gatehouse.GetAsync(Handshake("cli", NewDevice()), null, ("X-Authentication-Token", token));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Other_methods_are_refused_by_routing(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Handshake("cli", NewDevice())) { Headers = { Authorization = gatehouse.AdminBasic() } };
        using var response = await gatehouse.Client.SendAsync(request);

        Assert.Equal(gatehouse.WrongMethodStatus, response.StatusCode);
        Assert.True(gatehouse.Mode == HostingMode.Worker || response.Content.Headers.Allow.Contains("GET"));
    }

    [Fact]
    public async Task Sixteen_concurrent_handshakes_for_one_new_triplet_share_one_token()
    {
        var device = NewDevice();
        var tokens = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => AcquireAsync("Nuxeo Drive", device)));
        Assert.Single(tokens.Distinct());
    }

    [Theory]
    [InlineData("a/b\\c#d?e")]
    [InlineData("ünïcødé ☃ 名前")]
    [InlineData("trailing space ")]
    [InlineData("%2F%5C%23%3F")]
    public async Task Key_illegal_and_non_ascii_names_round_trip_exactly(string application)
    {
        var device = NewDevice();
        var token = await AcquireAsync(application, device);
        Assert.Equal(token, await AcquireAsync(application, device));

        using var revoked = await gatehouse.GetAsync(Handshake(application, device, permission: null, extra: "revoke=true"), gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.Accepted, revoked.StatusCode);
    }

    [Theory]
    [InlineData("applicationName=%00ctl&deviceId=d&permission=rw")]
    [InlineData("applicationName=a%0Ab&deviceId=d&permission=rw")]
    [InlineData("applicationName=a&deviceId=%1F&permission=rw")]
    public async Task Control_characters_get_a_clear_400(string query)
    {
        using var response = await gatehouse.GetAsync("/authentication/token?" + query, gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Very_long_values_get_4xx_and_write_nothing()
    {
        var device = NewDevice();
        var huge = new string('x', 8 * 1024);
        using var response = await gatehouse.GetAsync(Handshake(huge, device), gatehouse.AdminBasic());
        Assert.InRange((int)response.StatusCode, 400, 499);

        using var header = await gatehouse.GetAsync(Handshake("cli", device), null, ("X-Authentication-Token", huge));
        Assert.InRange((int)header.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Handler_output_never_contains_the_password_or_a_token()
    {
        var token = await AcquireAsync("log-check", NewDevice());
        using var _ = await gatehouse.GetAsync(Handshake("cli", NewDevice()), GatehouseFixture.Basic(GatehouseFixture.AdminUser, "wrong-" + gatehouse.AdminPassword));

        using (await gatehouse.AuthorizeAsync("GET", "/api?token=" + Uri.EscapeDataString(token)))
        using (await gatehouse.AuthorizeAsync("GET", "/download/..%2F?token=" + Uri.EscapeDataString(token)))
        {
        }

        var output = gatehouse.Handler.Output;
        Assert.DoesNotContain(gatehouse.AdminPassword, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        Assert.Contains(": user admin, application log-check", output, StringComparison.Ordinal); // the one line of a token handed out
    }
}
