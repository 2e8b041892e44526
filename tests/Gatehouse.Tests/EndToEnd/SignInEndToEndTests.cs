using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gatehouse.Chain;
using Gatehouse.Tests.Infrastructure;
using static Gatehouse.Tests.Infrastructure.SignInSteps;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>SPEC §12 over HTTP: the web sign-in with a second factor, and the calls that turn it on and off.</summary>
public sealed class SignInEndToEndTests(SignInFixture gatehouse) : IClassFixture<SignInFixture>
{
    private HttpClient Client => gatehouse.Client;

    private static string PageSessionPath(string device) =>
        $"/api/v1/token?application={Uri.EscapeDataString(CredentialAuthority.SessionApplication)}&deviceId={device}&permission=ReadWrite";

    private async Task<HttpStatusCode> PostStatusAsync(string path, AuthenticationHeaderValue basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Headers = { Authorization = basic } };
        using var response = await Client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> AuthorizeStatusAsync(string token)
    {
        using var response = await gatehouse.AuthorizeAsync("GET", "/api/x", ("X-Authentication-Token", token));
        return response.StatusCode;
    }

    [Fact]
    public async Task A_password_alone_signs_in_an_account_without_a_second_factor()
    {
        var (name, _, basic) = await gatehouse.NewUserAsync();

        using var response = await SignInAsync(Client, basic);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(name, body.GetProperty("session").GetProperty("username").GetString());
        Assert.Equal(CredentialAuthority.SessionApplication, body.GetProperty("session").GetProperty("application").GetString());
        Assert.False(body.GetProperty("secondFactor").GetProperty("enrolled").GetBoolean());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(body.GetProperty("session").GetProperty("token").GetString()!));
    }

    [Fact]
    public async Task A_wrong_password_is_401_without_a_session()
    {
        var (name, _, _) = await gatehouse.NewUserAsync();

        using var response = await SignInAsync(Client, GatehouseFixture.Basic(name, "not-the-password"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_enrolled_account_without_a_code_gets_401_code_required_and_no_session()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Client, basic);
        await EnrolAsync(Client, session);
        var before = await PageSessionsAsync(session);

        using var response = await SignInAsync(Client, basic);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("code_required", await ErrorAsync(response));
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Equal(before, await PageSessionsAsync(session));
    }

    [Fact]
    public async Task A_password_alone_cannot_get_a_page_session_from_the_token_api_once_enrolled()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        Assert.Equal(HttpStatusCode.Created, await PostStatusAsync(PageSessionPath("before"), basic));
        var session = await SessionAsync(Client, basic);
        await EnrolAsync(Client, session);

        using var request = new HttpRequestMessage(HttpMethod.Post, PageSessionPath("after")) { Headers = { Authorization = basic } };
        using var refused = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("second factor", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A tool's token is not a web sign-in: the password policy governs it, not the second factor.
        Assert.Equal(HttpStatusCode.Created, await PostStatusAsync("/api/v1/token?application=CLI&deviceId=box&permission=ReadOnly", basic));
    }

    [Fact]
    public async Task A_code_signs_in_once_and_its_replay_is_refused()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var (key, _, enrolledAt) = await EnrolAsync(Client, await SessionAsync(Client, basic));

        using (var wrong = await SignInAsync(Client, basic, Code(key, enrolledAt + 5)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("code_refused", await ErrorAsync(wrong));
        }

        var code = Code(key, enrolledAt + 1);
        var token = await SessionAsync(Client, basic, code);
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(token));

        using var replayed = await SignInAsync(Client, basic, code);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal("code_replayed", await ErrorAsync(replayed));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var (_, recoveryCodes, _) = await EnrolAsync(Client, await SessionAsync(Client, basic));
        Assert.Equal(10, recoveryCodes.Length);

        using (var first = await SignInAsync(Client, basic, recoveryCodes[3]))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal(9, (await JsonAsync(first)).GetProperty("secondFactor").GetProperty("recoveryCodesLeft").GetInt32());
        }

        using var again = await SignInAsync(Client, basic, recoveryCodes[3]);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal("code_refused", await ErrorAsync(again));
    }

    [Fact]
    public async Task New_recovery_codes_replace_the_old_ones()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Client, basic);
        var (key, old, step) = await EnrolAsync(Client, session);

        using var replaced = await SecondFactorAsync(Client, "/recovery-codes", session, Code(key, step + 1));

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var fresh = (await JsonAsync(replaced)).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.Equal(10, fresh.Length);
        using var oldCode = await SignInAsync(Client, basic, old[0]);
        Assert.Equal(HttpStatusCode.Unauthorized, oldCode.StatusCode);
        using var newCode = await SignInAsync(Client, basic, fresh[0]);
        Assert.Equal(HttpStatusCode.Created, newCode.StatusCode);
    }

    [Fact]
    public async Task Turning_it_off_takes_a_code_and_then_a_password_alone_signs_in_again()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Client, basic);
        var (key, _, step) = await EnrolAsync(Client, session);

        using (var noCode = await SecondFactorAsync(Client, "/disable", session))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noCode.StatusCode);
        }

        using (var off = await SecondFactorAsync(Client, "/disable", session, Code(key, step + 1)))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
            Assert.False((await JsonAsync(off)).GetProperty("enrolled").GetBoolean());
        }

        await SessionAsync(Client, basic);
    }

    [Fact]
    public async Task Second_factor_changes_take_a_page_session_not_a_password_or_a_device_token()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        using var handshake = await gatehouse.GetAsync("/authentication/token?applicationName=Nuxeo%20Drive&deviceId=d1&permission=ReadWrite", basic);
        var deviceToken = await handshake.Content.ReadAsStringAsync();

        using var byPassword = await SecondFactorAsync(Client, "/enrolment", session: null, basic: basic);
        using var byDevice = await SecondFactorAsync(Client, "/enrolment", deviceToken);
        using var status = await SecondFactorAsync(Client, string.Empty, deviceToken);
        using var signInByToken = await SecondFactorAsync(Client, "/confirmation", deviceToken, "123456");

        Assert.Equal(HttpStatusCode.Forbidden, byPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byDevice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, signInByToken.StatusCode);
    }

    [Fact]
    public async Task A_token_is_no_sign_in()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        var session = await SessionAsync(Client, basic);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin") { Headers = { { "X-Authentication-Token", session } } };
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain", "{\"code\":\"123456\"}")]
    [InlineData("application/json", "{\"code\":")]
    [InlineData("application/json", "[1,2,3]")]
    public async Task A_body_that_is_not_the_code_json_is_400(string contentType, string body)
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Headers = { Authorization = basic },
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", await ErrorAsync(response));
    }

    [Fact]
    public async Task A_huge_body_is_400()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Headers = { Authorization = basic },
            Content = new StringContent("{\"code\":\"" + new string('1', 10_000) + "\"}", Encoding.UTF8, "application/json"),
        };

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_cross_site_sign_in_is_refused()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin") { Headers = { Authorization = basic } };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_steps_are_404()
    {
        using var response = await Client.PostAsync("/signin/nope", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<int> PageSessionsAsync(string session)
    {
        using var response = await gatehouse.GetAsync($"/api/v1/token?application={Uri.EscapeDataString(CredentialAuthority.SessionApplication)}", null, ("X-Authentication-Token", session));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("entries").GetArrayLength();
    }
}

/// <summary>SPEC §12 with <c>Gatehouse:Mfa:Require = Everyone</c>: the next sign-in enrols before anything else.</summary>
public sealed class SignInRequiredEndToEndTests(MfaRequiredFixture gatehouse) : IClassFixture<MfaRequiredFixture>
{
    private HttpClient Client => gatehouse.Client;

    [Fact]
    public async Task The_first_sign_in_enrols_with_the_password_and_only_a_code_of_the_new_key_completes_it()
    {
        var (_, _, basic) = await gatehouse.NewUserAsync();

        using (var first = await SignInAsync(Client, basic))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
            Assert.Equal("enrolment_required", await ErrorAsync(first));
        }

        // No page session from the token API either, before the enrolment.
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/token?application={Uri.EscapeDataString(CredentialAuthority.SessionApplication)}&deviceId=b&permission=ReadWrite") { Headers = { Authorization = basic } })
        using (var bypass = await Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bypass.StatusCode);
        }

        using var begun = await SecondFactorAsync(Client, "/enrolment", session: null, basic: basic);
        Assert.Equal(HttpStatusCode.OK, begun.StatusCode);
        var enrolment = await JsonAsync(begun);
        Assert.StartsWith("<svg", enrolment.GetProperty("qrCodeSvg").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("otpauth://totp/", enrolment.GetProperty("uri").GetString(), StringComparison.Ordinal);
        var key = enrolment.GetProperty("key").GetString()!;
        var step = CurrentStep;

        using (var wrong = await SignInAsync(Client, basic, Code(key, step + 7)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("code_refused", await ErrorAsync(wrong));
        }

        using var completed = await SignInAsync(Client, basic, Code(key, step));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        var body = await JsonAsync(completed);
        Assert.Equal(10, body.GetProperty("recoveryCodes").GetArrayLength());
        Assert.True(body.GetProperty("secondFactor").GetProperty("enrolled").GetBoolean());

        // Enrolled now: the password alone neither signs in nor begins another enrolment.
        using var again = await SignInAsync(Client, basic);
        Assert.Equal("code_required", await ErrorAsync(again));
        using var another = await SecondFactorAsync(Client, "/enrolment", session: null, basic: basic);
        Assert.Equal(HttpStatusCode.Forbidden, another.StatusCode);
    }
}
