using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Infrastructure;
using static Gatehouse.Tests.Infrastructure.SignInSteps;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// Nuxeo Drive's browser sign-in over HTTP (SPEC §12, NUXEO-FACTS §3), standalone under the path base <c>nuxeo</c> with
/// UUID-shaped tokens: the probe, the parameters, and a consent that only a signed-in page session can approve.
/// </summary>
public sealed partial class DriveSignInEndToEndTests(DriveFixture gatehouse) : IClassFixture<DriveFixture>
{
    private HttpClient Nuxeo => gatehouse.Nuxeo;

    private static string Query(string device, string useProtocol = "true", string extra = "") =>
        $"drive_browser_login.jsp?deviceId={device}&applicationName=Nuxeo%20Drive&permission=ReadWrite&deviceDescription=Linux%20laptop&forceAnonymousLogin=true&useProtocol={useProtocol}{extra}";

    private static string NewDevice() => "drive-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<HttpResponseMessage> DecideAsync(string query, string decision, string? session, params (string Name, string Value)[] headers)
    {
        var fields = new Dictionary<string, string> { ["decision"] = decision };
        if (session is not null)
        {
            fields["session"] = session;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, query) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Nuxeo.SendAsync(request);
    }

    private async Task<string[]> DriveDevicesAsync(string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/token?application=Nuxeo%20Drive") { Headers = { { "X-Authentication-Token", session } } };
        using var response = await Nuxeo.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await JsonAsync(response)).GetProperty("entries").EnumerateArray().Select(entry => entry.GetProperty("deviceId").GetString()!)];
    }

    [Fact]
    public async Task Drives_bare_probe_is_answered_below_400()
    {
        using var response = await Nuxeo.GetAsync("drive_browser_login.jsp");

        Assert.True((int)response.StatusCode < 400, response.StatusCode.ToString());
        Assert.Equal(PageCsp, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("drive_browser_login.jsp?applicationName=Nuxeo%20Drive&permission=ReadWrite", "deviceId")]
    [InlineData("drive_browser_login.jsp?deviceId=d&permission=ReadWrite", "applicationName")]
    [InlineData("drive_browser_login.jsp?deviceId=d&applicationName=Nuxeo%20Drive", "permission")]
    [InlineData("drive_browser_login.jsp?deviceId=d&applicationName=Nuxeo%20Drive&permission=everything", "permission must be one of")]
    [InlineData("drive_browser_login.jsp?deviceId=d&applicationName=Nuxeo%20Drive&permission=rw&useProtocol=maybe", "useProtocol")]
    public async Task A_missing_or_bad_parameter_is_400_naming_it(string query, string named)
    {
        using var response = await Nuxeo.GetAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_link_alone_shows_the_consent_and_mints_no_token()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var device = NewDevice();

        using var response = await Nuxeo.GetAsync(Query(device));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(device, html, StringComparison.Ordinal);
        Assert.Contains("read and write", html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Empty(await DriveDevicesAsync(await SessionAsync(Nuxeo, basic)));
    }

    [Fact]
    public async Task The_consent_names_what_it_was_given_as_text_never_as_markup()
    {
        using var response = await Nuxeo.GetAsync("drive_browser_login.jsp?deviceId=d%22%3E&applicationName=Drive%20%3Cb%3Ebold%3C%2Fb%3E&permission=ReadWrite");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Drive &lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.Contains(">d&quot;&gt; (no description)<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_takes_a_page_session_of_this_server()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Nuxeo, basic);
        using var handshake = new HttpRequestMessage(HttpMethod.Get, "authentication/token?applicationName=CLI&deviceId=box&permission=rw") { Headers = { Authorization = basic } };
        using var deviceTokenResponse = await Nuxeo.SendAsync(handshake);
        var deviceToken = await deviceTokenResponse.Content.ReadAsStringAsync();
        var device = NewDevice();

        using var none = await DecideAsync(Query(device), "approve", session: null);
        using var wrong = await DecideAsync(Query(device), "approve", "not-a-token");
        using var byDevice = await DecideAsync(Query(device), "approve", deviceToken);
        using var crossSite = await DecideAsync(Query(device), "approve", session, ("Sec-Fetch-Site", "cross-site"));
        using var notAForm = await Nuxeo.PostAsync(Query(device), new StringContent("{\"decision\":\"approve\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Empty(wrong.Headers.WwwAuthenticate);
        Assert.Equal(HttpStatusCode.Forbidden, byDevice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAForm.StatusCode);
        Assert.Empty(await DriveDevicesAsync(session));
    }

    [Fact]
    public async Task Without_the_protocol_the_approval_is_json_and_a_re_login_gets_the_same_token()
    {
        var (name, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Nuxeo, basic);
        var device = NewDevice();

        using var first = await DecideAsync(Query(device, useProtocol: "false"), "approve", session);
        using var again = await DecideAsync(Query(device, useProtocol: "false", extra: "&updateToken=true"), "approve", session);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(first);
        Assert.Equal(name, body.GetProperty("username").GetString());
        var token = body.GetProperty("token").GetString()!;
        Assert.Matches(UuidToken(), token);
        Assert.Equal(token, (await JsonAsync(again)).GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, await gatehouse.AuthorizeStatusAsync(token));
        Assert.Equal([device], await DriveDevicesAsync(session));
    }

    [Fact]
    public async Task With_the_protocol_the_approval_is_a_page_that_opens_nxdrive()
    {
        var (name, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Nuxeo, basic);

        using var response = await DecideAsync(Query(NewDevice()), "approve", session);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var html = await response.Content.ReadAsStringAsync();
        var link = NxdriveLink().Match(html);
        Assert.True(link.Success, html);
        Assert.Equal(name, link.Groups["user"].Value);
        Assert.Equal(HttpStatusCode.OK, await gatehouse.AuthorizeStatusAsync(link.Groups["token"].Value));
    }

    [Fact]
    public async Task A_cancel_says_so_and_mints_nothing()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Nuxeo, basic);

        using var response = await DecideAsync(Query(NewDevice()), "cancel", session);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("it got no token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await DriveDevicesAsync(session));
    }

    internal const string PageCsp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    internal static partial System.Text.RegularExpressions.Regex UuidToken();

    /// <summary>The hand-back link as Drive 7.0.1 parses it: a UUID-shaped token.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"href=""nxdrive://token/(?<token>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/user/(?<user>[^""]+)""")]
    internal static partial System.Text.RegularExpressions.Regex NxdriveLink();
}
