using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Infrastructure;
using static Gatehouse.Tests.Infrastructure.SignInSteps;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// The Device Authorization Grant over HTTP (SPEC §12, RFC 8628), standalone under the path base <c>nuxeo</c>: the
/// start, the verification page's consent that only a signed-in page session settles, and every poll answer.
/// (<c>expired_token</c> needs ten minutes to pass: DeviceGrantsTests covers it with a fake clock.)
/// </summary>
public sealed class DeviceGrantEndToEndTests(DriveFixture gatehouse) : IClassFixture<DriveFixture>
{
    private const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    private HttpClient Nuxeo => gatehouse.Nuxeo;

    private async Task<JsonElement> StartAsync(string clientId = "my-cli", string? scope = "read", string? deviceId = null)
    {
        var fields = new Dictionary<string, string> { ["client_id"] = clientId, ["device_description"] = "build box" };
        if (scope is not null)
        {
            fields["scope"] = scope;
        }

        if (deviceId is not null)
        {
            fields["device_id"] = deviceId;
        }

        using var response = await Nuxeo.PostAsync("oauth2/device_authorization", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return await JsonAsync(response);
    }

    private Task<HttpResponseMessage> PollAsync(string deviceCode, string clientId = "my-cli", string grantType = GrantType) =>
        Nuxeo.PostAsync("oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = grantType, ["device_code"] = deviceCode, ["client_id"] = clientId }));

    private async Task<HttpResponseMessage> DecideAsync(string userCode, string decision, string? session, params (string Name, string Value)[] headers)
    {
        var fields = new Dictionary<string, string> { ["decision"] = decision };
        if (session is not null)
        {
            fields["session"] = session;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "device?user_code=" + Uri.EscapeDataString(userCode)) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Nuxeo.SendAsync(request);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, string error)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
    }

    [Fact]
    public async Task The_start_answers_the_codes_and_a_verification_uri_under_the_path_base()
    {
        var start = await StartAsync();

        var userCode = start.GetProperty("user_code").GetString()!;
        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$", userCode);
        Assert.True(start.GetProperty("device_code").GetString()!.Length >= 43);
        Assert.Equal(new Uri(gatehouse.NuxeoAddress, "device").ToString(), start.GetProperty("verification_uri").GetString());
        Assert.Equal(new Uri(gatehouse.NuxeoAddress, "device?user_code=" + userCode).ToString(), start.GetProperty("verification_uri_complete").GetString());
        Assert.Equal(600, start.GetProperty("expires_in").GetInt32());
        Assert.Equal(5, start.GetProperty("interval").GetInt32());
    }

    [Fact]
    public async Task The_device_gets_its_token_once_after_the_user_approves_with_a_page_session()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Nuxeo, basic);
        var start = await StartAsync(deviceId: "box-" + Guid.NewGuid().ToString("N")[..8]);
        var deviceCode = start.GetProperty("device_code").GetString()!;
        var userCode = start.GetProperty("user_code").GetString()!;

        using (var pending = await PollAsync(deviceCode))
        {
            await AssertErrorAsync(pending, "authorization_pending");
        }

        using (var consent = await Nuxeo.GetAsync("device?user_code=" + userCode.ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
            var html = await consent.Content.ReadAsStringAsync();
            Assert.Contains("my-cli", html, StringComparison.Ordinal);
            Assert.Contains("build box", html, StringComparison.Ordinal);
            Assert.Contains("read only", html, StringComparison.Ordinal);
        }

        using (var approved = await DecideAsync(userCode, "approve", session))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            Assert.Contains("Device connected", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var token = await PollAsync(deviceCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal("no-store", token.Headers.CacheControl?.ToString());
        var body = await JsonAsync(token);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.True(body.GetProperty("expires_in").GetInt64() > 0);
        var accessToken = body.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await gatehouse.AuthorizeStatusAsync(accessToken));

        using var again = await PollAsync(deviceCode);
        await AssertErrorAsync(again, "invalid_grant");
        using var listed = new HttpRequestMessage(HttpMethod.Get, "api/v1/token?application=my-cli") { Headers = { { "X-Authentication-Token", session } } };
        using var list = await Nuxeo.SendAsync(listed);
        var entry = Assert.Single((await JsonAsync(list)).GetProperty("entries").EnumerateArray());
        Assert.Equal("ReadOnly", entry.GetProperty("permission").GetString());
    }

    [Fact]
    public async Task A_denial_is_access_denied()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Nuxeo, basic);
        var start = await StartAsync();

        using var denied = await DecideAsync(start.GetProperty("user_code").GetString()!, "cancel", session);
        using var poll = await PollAsync(start.GetProperty("device_code").GetString()!);

        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        Assert.Contains("gets no token", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertErrorAsync(poll, "access_denied");
    }

    [Fact]
    public async Task Deciding_takes_a_page_session_of_this_server_and_a_same_site_request()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Nuxeo, basic);
        var start = await StartAsync();
        var userCode = start.GetProperty("user_code").GetString()!;

        using var none = await DecideAsync(userCode, "approve", session: null);
        using var denyWithout = await DecideAsync(userCode, "cancel", session: null);
        using var wrong = await DecideAsync(userCode, "approve", "not-a-token");
        using var crossSite = await DecideAsync(userCode, "approve", session, ("Sec-Fetch-Site", "cross-site"));
        using var poll = await PollAsync(start.GetProperty("device_code").GetString()!);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, denyWithout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        await AssertErrorAsync(poll, "authorization_pending");
    }

    [Fact]
    public async Task A_wrong_code_on_the_page_says_so_and_the_bare_page_asks_for_one()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Nuxeo, basic);

        using var bare = await Nuxeo.GetAsync("device");
        using var wrong = await Nuxeo.GetAsync("device?user_code=BCDF-GHJK");
        using var decided = await DecideAsync("BCDF-GHJK", "approve", session);

        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Contains("name=\"user_code\"", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Contains("wrong or has expired", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, decided.StatusCode);
    }

    [Fact]
    public async Task Polling_faster_than_the_interval_is_slow_down()
    {
        var deviceCode = (await StartAsync()).GetProperty("device_code").GetString()!;

        using var first = await PollAsync(deviceCode);
        using var second = await PollAsync(deviceCode);

        await AssertErrorAsync(first, "authorization_pending");
        await AssertErrorAsync(second, "slow_down");
    }

    [Fact]
    public async Task Another_client_an_unknown_code_and_an_unknown_grant_type_are_their_errors()
    {
        var deviceCode = (await StartAsync()).GetProperty("device_code").GetString()!;

        using var otherClient = await PollAsync(deviceCode, clientId: "someone-else");
        using var unknown = await PollAsync("not-a-device-code");
        using var grantType = await PollAsync(deviceCode, grantType: "password");

        await AssertErrorAsync(otherClient, "invalid_client");
        await AssertErrorAsync(unknown, "invalid_grant");
        await AssertErrorAsync(grantType, "unsupported_grant_type");
    }

    [Theory]
    [InlineData("oauth2/token", "grant_type=" + GrantType + "&client_id=my-cli", "invalid_request")]
    [InlineData("oauth2/token", "device_code=x&client_id=my-cli", "invalid_request")]
    [InlineData("oauth2/device_authorization", "scope=read", "invalid_request")]
    [InlineData("oauth2/device_authorization", "client_id=my-cli&scope=everything", "invalid_scope")]
    [InlineData("oauth2/device_authorization", "client_id=bad%01name", "invalid_request")]
    public async Task A_missing_or_bad_field_is_its_error(string path, string form, string error)
    {
        using var response = await Nuxeo.PostAsync(path, new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertErrorAsync(response, error);
    }

    [Theory]
    [InlineData("oauth2/token")]
    [InlineData("oauth2/device_authorization")]
    public async Task Json_or_an_oversized_form_is_invalid_request(string path)
    {
        using var json = await Nuxeo.PostAsync(path, new StringContent("{\"client_id\":\"my-cli\"}", System.Text.Encoding.UTF8, "application/json"));
        using var huge = await Nuxeo.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "my-cli", ["scope"] = new string('r', 10_000) }));

        await AssertErrorAsync(json, "invalid_request");
        await AssertErrorAsync(huge, "invalid_request");
    }
}
