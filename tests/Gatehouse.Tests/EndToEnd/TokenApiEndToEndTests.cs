using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gatehouse.Chain;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>SPEC §7.1–7.3 and §7.5 over real HTTP against the published handler and Azurite.</summary>
public sealed class TokenApiEndToEndTests(TokenApiFixture gatehouse) : IClassFixture<TokenApiFixture>
{
    private const string Api = "/api/v1/token";

    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? authorization = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Headers = { Authorization = authorization } };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await gatehouse.Client.SendAsync(request);
    }

    private static (string Name, string Value) TokenHeader(string token) => ("X-Authentication-Token", token);

    private static readonly (string Name, string Value) AcceptJson = ("Accept", "application/json");

    private async Task<string> HandshakeAsync(string application, string device, AuthenticationHeaderValue? authorization = null, string permission = "ReadWrite")
    {
        using var response = await gatehouse.GetAsync(
            $"/authentication/token?applicationName={Uri.EscapeDataString(application)}&deviceId={Uri.EscapeDataString(device)}&permission={permission}&deviceDescription=My%20box",
            authorization ?? gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Create(string application, string device, string permission = "ReadWrite", string? extra = null) =>
        $"{Api}?application={Uri.EscapeDataString(application)}&deviceId={Uri.EscapeDataString(device)}&permission={permission}" + (extra is null ? string.Empty : "&" + extra);

    private async Task<JsonElement> CreateJsonAsync(string application, string device, AuthenticationHeaderValue? authorization = null, string permission = "ReadWrite", string? extra = null)
    {
        using var response = await SendAsync(HttpMethod.Post, Create(application, device, permission, extra), authorization ?? gatehouse.AdminBasic(), AcceptJson);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await JsonAsync(response);
    }

    private async Task<JsonElement[]> ListAsync(string query = "", AuthenticationHeaderValue? authorization = null)
    {
        using var response = await SendAsync(HttpMethod.Get, Api + query, authorization ?? gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("tokens", body.GetProperty("entity-type").GetString());
        return body.GetProperty("entries").EnumerateArray().ToArray();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private async Task<HttpStatusCode> AuthorizeStatusAsync(string token)
    {
        using var response = await gatehouse.AuthorizeAsync("GET", "/api/x", TokenHeader(token));
        return response.StatusCode;
    }

    private static DateTimeOffset Date(JsonElement entry, string name) =>
        DateTimeOffset.Parse(entry.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    [Fact]
    public async Task List_after_handshake_shows_the_devices_newest_first_in_nuxeos_shape()
    {
        var application = NewName("Nuxeo Drive");
        var first = await HandshakeAsync(application, "laptop");
        var second = await HandshakeAsync(application, "phone");

        var entries = await ListAsync("?application=" + Uri.EscapeDataString(application));

        Assert.Equal(["phone", "laptop"], entries.Select(e => e.GetProperty("deviceId").GetString()));
        var entry = entries[0];
        Assert.Equal("token", entry.GetProperty("entity-type").GetString());
        Assert.Equal("admin", entry.GetProperty("username").GetString());
        Assert.Equal(application, entry.GetProperty("application").GetString());
        Assert.Equal("My box", entry.GetProperty("deviceDescription").GetString());
        Assert.Equal("ReadWrite", entry.GetProperty("permission").GetString());
        Assert.Matches("^[0-9a-f]{32}$", entry.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("lastUsed").ValueKind);
        Assert.True(Date(entries[0], "creationDate") >= Date(entries[1], "creationDate"));
        Assert.Equal(TokenApiFixture.Lifetime, Date(entry, "expiresAt") - Date(entry, "creationDate"));
    }

    [Fact]
    public async Task The_list_never_contains_a_token()
    {
        var application = NewName("cli");
        var token = await HandshakeAsync(application, "laptop");

        using var response = await SendAsync(HttpMethod.Get, Api + "?application=" + application, gatehouse.AdminBasic());
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("laptop", body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain("gth_", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dates_are_iso_8601_utc_and_using_a_token_sets_last_used()
    {
        var application = NewName("cli");
        var token = await HandshakeAsync(application, "laptop");
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(token));

        var entry = Assert.Single(await ListAsync("?application=" + application));

        foreach (var name in new[] { "creationDate", "expiresAt", "lastUsed" })
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", entry.GetProperty(name).GetString());
        }

        Assert.True(Date(entry, "lastUsed") >= Date(entry, "creationDate"));
    }

    [Fact]
    public async Task List_works_with_a_token_and_only_shows_the_callers_bindings()
    {
        var application = NewName("shared-app");
        await HandshakeAsync(application, "admin-device");
        var bobToken = await HandshakeAsync(application, "bob-device", gatehouse.OtherBasic());

        using var response = await SendAsync(HttpMethod.Get, Api + "?application=" + application, null, TokenHeader(bobToken));
        var entries = (await JsonAsync(response)).GetProperty("entries").EnumerateArray().ToArray();

        var entry = Assert.Single(entries);
        Assert.Equal("bob-device", entry.GetProperty("deviceId").GetString());
        Assert.Equal(TokenApiFixture.OtherUser, entry.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Create_answers_201_with_the_plain_token_by_default()
    {
        using var response = await SendAsync(HttpMethod.Post, Create(NewName("cli"), "laptop"), gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var token = await response.Content.ReadAsStringAsync();
        Assert.Matches("^gth_[A-Za-z0-9_-]{49}$", token);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(token));
    }

    [Fact]
    public async Task Create_with_accept_json_answers_the_token_and_its_binding_and_the_same_triplet_gets_the_same_token()
    {
        var application = NewName("cli");

        var created = await CreateJsonAsync(application, "laptop", extra: "deviceDescription=Work%20laptop");
        var again = await CreateJsonAsync(application, "laptop");

        Assert.Equal("token", created.GetProperty("entity-type").GetString());
        Assert.StartsWith("gth_", created.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", created.GetProperty("id").GetString());
        Assert.Equal("Work laptop", created.GetProperty("deviceDescription").GetString());
        Assert.True(created.GetProperty("created").GetBoolean());
        Assert.True(Date(created, "expiresAt") > DateTimeOffset.UtcNow);
        Assert.Equal(created.GetProperty("token").GetString(), again.GetProperty("token").GetString());
        Assert.Equal(created.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Equal(created.GetProperty("id").GetString(), Assert.Single(await ListAsync("?application=" + application)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Create_with_a_shorter_lifetime_expires_sooner()
    {
        var created = await CreateJsonAsync(NewName("page"), "session", extra: "expiresIn=600");

        Assert.Equal(TimeSpan.FromMinutes(10), Date(created, "expiresAt") - Date(created, "creationDate"));
    }

    [Theory]
    [InlineData("deviceId=d&permission=rw", "application")]
    [InlineData("application=a&permission=rw", "deviceId")]
    [InlineData("application=a&deviceId=d", "permission")]
    [InlineData("application=&deviceId=&permission=", "application, deviceId, permission")]
    [InlineData("", "application, deviceId, permission")]
    public async Task Create_without_required_parameters_gets_400_naming_them(string query, string named)
    {
        using var response = await SendAsync(HttpMethod.Post, Api + "?" + query, gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Missing required parameter(s) to create a token: " + named + ".", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cross_site_browser_request_cannot_create_or_revoke_but_a_same_origin_one_can()
    {
        var created = await CreateJsonAsync(NewName("cli"), "laptop");
        var id = created.GetProperty("id").GetString();

        using var create = await SendAsync(HttpMethod.Post, Create(NewName("cli"), "laptop"), gatehouse.AdminBasic(), ("Sec-Fetch-Site", "cross-site"));
        using var revoke = await SendAsync(HttpMethod.Delete, $"{Api}/{id}", gatehouse.AdminBasic(), ("Sec-Fetch-Site", "cross-site"));
        using var list = await SendAsync(HttpMethod.Get, Api, gatehouse.AdminBasic(), ("Sec-Fetch-Site", "cross-site"));
        using var sameOrigin = await SendAsync(HttpMethod.Delete, $"{Api}/{id}", gatehouse.AdminBasic(), ("Sec-Fetch-Site", "same-origin"));

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, sameOrigin.StatusCode);
    }

    [Fact]
    public async Task A_device_token_may_revoke_itself_but_not_another_binding_and_a_page_session_may_manage_both()
    {
        var other = await CreateJsonAsync(NewName("cli"), "other");
        var device = await CreateJsonAsync(NewName("cli"), "device");
        var deviceToken = device.GetProperty("token").GetString()!;
        var session = (await CreateJsonAsync(Gatehouse.Chain.CredentialAuthority.SessionApplication, NewName("browser"))).GetProperty("token").GetString()!;

        using var others = await SendAsync(HttpMethod.Delete, $"{Api}/{other.GetProperty("id").GetString()}", null, TokenHeader(deviceToken));
        using var sessionCreates = await SendAsync(HttpMethod.Post, Create(NewName("cli"), "made-by-session"), null, TokenHeader(session));
        using var sessionMakesSession = await SendAsync(HttpMethod.Post, Create(Gatehouse.Chain.CredentialAuthority.SessionApplication, NewName("browser")), null, TokenHeader(session));
        using var itself = await SendAsync(HttpMethod.Delete, $"{Api}/{device.GetProperty("id").GetString()}", null, TokenHeader(deviceToken));
        using var sessionRevokes = await SendAsync(HttpMethod.Delete, $"{Api}/{other.GetProperty("id").GetString()}", null, TokenHeader(session));

        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        Assert.Equal(HttpStatusCode.Created, sessionCreates.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sessionMakesSession.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, itself.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, sessionRevokes.StatusCode);
    }

    [Theory]
    [InlineData("application=a%01b&deviceId=d&permission=rw", "Bad request: application must not contain control characters.")]
    [InlineData("application=a&deviceId=d&permission=rw&deviceDescription=x%7Fy", "Bad request: deviceDescription must not contain control characters.")]
    [InlineData("application=a&deviceId=d&permission=rw&expiresIn=-5", "expiresIn")]
    [InlineData("application=a&deviceId=d&permission=rw&expiresIn=soon", "expiresIn")]
    [InlineData("application=a&deviceId=d&permission=rw&user=bob", "user parameter")]
    [InlineData("application=a&deviceId=d&permission=banana", "Bad request: permission must be one of the accepted values (read-only: r, ro,")]
    [InlineData("application=a&deviceId=d&permission=all", "read-write: rw, readwrite")]
    public async Task Create_with_bad_parameters_gets_400_saying_why(string query, string said)
    {
        using var response = await SendAsync(HttpMethod.Post, Api + "?" + query, gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(said, text, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_with_an_oversized_device_gets_400()
    {
        using var response = await SendAsync(HttpMethod.Post, Create("cli", new string('d', 300)), gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("deviceId must be at most", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_by_id_answers_204_and_the_token_then_gets_401_from_the_authorizer()
    {
        var created = await CreateJsonAsync(NewName("cli"), "laptop");
        var token = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(token));

        using var revoked = await SendAsync(HttpMethod.Delete, $"{Api}/{id}", gatehouse.AdminBasic());
        using var again = await SendAsync(HttpMethod.Delete, $"{Api}/{id}", gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthorizeStatusAsync(token));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_device_revokes_itself_with_its_own_token()
    {
        var created = await CreateJsonAsync(NewName("cli"), "laptop");
        var token = created.GetProperty("token").GetString()!;

        using var revoked = await SendAsync(HttpMethod.Delete, $"{Api}/{created.GetProperty("id").GetString()}", null, TokenHeader(token));

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthorizeStatusAsync(token));
    }

    [Fact]
    public async Task Get_by_id_answers_the_binding()
    {
        var created = await CreateJsonAsync(NewName("cli"), "laptop");
        var id = created.GetProperty("id").GetString();

        using var response = await SendAsync(HttpMethod.Get, $"{Api}/{id}", gatehouse.AdminBasic());
        var binding = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, binding.GetProperty("id").GetString());
        Assert.False(binding.TryGetProperty("token", out _));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("not-an-id")]
    [InlineData("gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000")]
    [InlineData("a%23b")]
    [InlineData("a%3Fb")]
    [InlineData("caf%C3%A9")]
    [InlineData("%27%20or%20%271%27%20eq%20%271")]
    public async Task Unknown_and_key_illegal_ids_get_404(string id)
    {
        foreach (var (method, path) in new[] { (HttpMethod.Delete, $"{Api}/{id}"), (HttpMethod.Get, $"{Api}/{id}"), (HttpMethod.Post, $"{Api}/{id}/renew") })
        {
            using var response = await SendAsync(method, path, gatehouse.AdminBasic());
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("a%01b")]
    [InlineData("%FF%FE")]
    [InlineData("%C3")]
    [InlineData("a%2Fb")]
    [InlineData("a%5Cb")]
    public async Task Undecodable_control_character_and_ambiguous_ids_get_a_4xx_never_500(string id)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"{Api}/{id}", gatehouse.AdminBasic());

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task An_oversized_id_gets_a_4xx_never_500()
    {
        using var response = await SendAsync(HttpMethod.Delete, $"{Api}/{new string('a', 4000)}", gatehouse.AdminBasic());

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Another_users_id_is_404_for_everything_without_the_user_parameter()
    {
        var bobApplication = NewName("bob-app");
        var bobToken = await HandshakeAsync(bobApplication, "bob-device", gatehouse.OtherBasic());
        var bobId = Assert.Single(await ListAsync("?application=" + bobApplication, gatehouse.OtherBasic())).GetProperty("id").GetString();
        var adminId = (await CreateJsonAsync(NewName("admin-app"), "admin-device")).GetProperty("id").GetString();

        using var bobDeletesAdmins = await SendAsync(HttpMethod.Delete, $"{Api}/{adminId}", gatehouse.OtherBasic());
        using var bobRenewsAdmins = await SendAsync(HttpMethod.Post, $"{Api}/{adminId}/renew", gatehouse.OtherBasic());
        using var bobReadsAdmins = await SendAsync(HttpMethod.Get, $"{Api}/{adminId}", null, TokenHeader(bobToken));
        using var adminDeletesBobsWithoutUser = await SendAsync(HttpMethod.Delete, $"{Api}/{bobId}", gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.NotFound, bobDeletesAdmins.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobRenewsAdmins.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobReadsAdmins.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, adminDeletesBobsWithoutUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(bobToken));
        Assert.Contains(await ListAsync(), e => e.GetProperty("id").GetString() == adminId);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("DELETE", "/0123456789abcdef0123456789abcdef")]
    [InlineData("POST", "/0123456789abcdef0123456789abcdef/renew")]
    public async Task The_user_parameter_is_403_for_non_administrators(string method, string suffix)
    {
        using var response = await SendAsync(new HttpMethod(method), $"{Api}{suffix}?user=admin", gatehouse.OtherBasic());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_user_parameter_naming_oneself_is_fine_for_anyone()
    {
        var application = NewName("bob-app");
        await HandshakeAsync(application, "bob-device", gatehouse.OtherBasic());

        Assert.Single(await ListAsync($"?application={application}&user=BOB", gatehouse.OtherBasic()));
    }

    [Fact]
    public async Task Administrators_list_and_revoke_another_users_tokens_with_the_user_parameter()
    {
        var application = NewName("bob-app");
        var bobToken = await HandshakeAsync(application, "bob-device", GatehouseFixture.Basic(TokenApiFixture.OtherEmail, gatehouse.OtherPassword));

        var entry = Assert.Single(await ListAsync($"?application={application}&user={TokenApiFixture.OtherUser}"));
        Assert.Equal(TokenApiFixture.OtherUser, entry.GetProperty("username").GetString());

        using var revoked = await SendAsync(HttpMethod.Delete, $"{Api}/{entry.GetProperty("id").GetString()}?user={TokenApiFixture.OtherUser}", gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthorizeStatusAsync(bobToken));
        Assert.Empty(await ListAsync($"?application={application}", gatehouse.OtherBasic()));
    }

    [Fact]
    public async Task Administrators_naming_an_unknown_user_get_404()
    {
        using var response = await SendAsync(HttpMethod.Get, Api + "?user=nobody-" + Guid.NewGuid().ToString("N"), gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no user named", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_token_may_list_but_not_create_revoke_or_renew()
    {
        var created = await CreateJsonAsync(NewName("reader"), "laptop", permission: "ReadOnly");
        var token = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("id").GetString();

        using var list = await SendAsync(HttpMethod.Get, Api, null, TokenHeader(token));
        using var create = await SendAsync(HttpMethod.Post, Create(NewName("cli"), "x"), null, TokenHeader(token));
        using var revoke = await SendAsync(HttpMethod.Delete, $"{Api}/{id}", null, TokenHeader(token));
        using var renew = await SendAsync(HttpMethod.Post, $"{Api}/{id}/renew", null, TokenHeader(token));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, renew.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(token));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "?application=a&deviceId=d&permission=rw")]
    [InlineData("DELETE", "/0123456789abcdef0123456789abcdef")]
    public async Task No_credentials_get_401_with_a_basic_challenge(string method, string suffix)
    {
        using var response = await SendAsync(new HttpMethod(method), Api + suffix);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Bad_credentials_get_401()
    {
        using var password = await SendAsync(HttpMethod.Get, Api, GatehouseFixture.Basic("admin", "wrong"));
        using var token = await SendAsync(HttpMethod.Get, Api, null, TokenHeader("gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000"));

        Assert.Equal(HttpStatusCode.Unauthorized, password.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }

    [Fact]
    public async Task Renewal_extends_a_short_token_up_to_the_maximum_lifetime_then_answers_409()
    {
        var created = await CreateJsonAsync(NewName("cli"), "laptop", extra: "expiresIn=60");
        var id = created.GetProperty("id").GetString();

        using var renewed = await SendAsync(HttpMethod.Post, $"{Api}/{id}/renew", gatehouse.AdminBasic());
        var binding = await JsonAsync(renewed);
        using var again = await SendAsync(HttpMethod.Post, $"{Api}/{id}/renew", gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal(id, binding.GetProperty("id").GetString());
        Assert.Equal(TokenApiFixture.Lifetime, Date(binding, "expiresAt") - Date(created, "creationDate"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("maximum lifetime", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(created.GetProperty("token").GetString()!));
    }

    [Fact]
    public async Task Administrators_renew_another_users_token_with_the_user_parameter()
    {
        var created = await CreateJsonAsync(NewName("bob-cli"), "laptop", gatehouse.OtherBasic(), extra: "expiresIn=60");

        using var renewed = await SendAsync(HttpMethod.Post, $"{Api}/{created.GetProperty("id").GetString()}/renew?user=bob", gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.True(Date(await JsonAsync(renewed), "expiresAt") > Date(created, "expiresAt"));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("APPLICATION/JSON; charset=utf-8")]
    [InlineData("text/html, application/json;q=0.9")]
    [InlineData("application/json;;;q=nonsense")]
    public async Task Json_is_negotiated_from_accept_even_when_it_is_odd(string accept)
    {
        using var response = await SendAsync(HttpMethod.Post, Create(NewName("cli"), "laptop"), gatehouse.AdminBasic(), ("Accept", accept));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("gth_", (await JsonAsync(response)).GetProperty("token").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("text/plain")]
    [InlineData(";;;,,,")]
    [InlineData("application/jso")]
    [InlineData("\"unterminated")]
    public async Task Other_or_malformed_accept_headers_get_the_plain_token(string accept)
    {
        using var response = await SendAsync(HttpMethod.Post, Create(NewName("cli"), "laptop"), gatehouse.AdminBasic(), ("Accept", accept));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("gth_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_the_token_api_never_takes_is_refused_by_routing()
    {
        using var response = await SendAsync(HttpMethod.Put, Api, gatehouse.AdminBasic());

        Assert.Equal(gatehouse.WrongMethodStatus, response.StatusCode);
    }

    [Theory]
    [InlineData("DELETE", "", "GET, POST")]
    [InlineData("POST", "/0123456789abcdef0123456789abcdef", "GET, DELETE")]
    [InlineData("GET", "/0123456789abcdef0123456789abcdef/renew", "POST")]
    public async Task Other_methods_get_405_with_allow(string method, string suffix, string allow)
    {
        using var response = await SendAsync(new HttpMethod(method), Api + suffix, gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task Unknown_sub_paths_get_404_and_a_trailing_slash_lists()
    {
        using var unknown = await SendAsync(HttpMethod.Get, $"{Api}/a/b/c", gatehouse.AdminBasic());
        using var slash = await SendAsync(HttpMethod.Get, Api + "/", gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, slash.StatusCode);
    }
}
