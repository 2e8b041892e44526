using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gatehouse.Chain;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>A Gatehouse started with <c>Gatehouse:Policy:Passwords</c> set.</summary>
public abstract class PasswordPolicyFixture(PasswordPolicy policy) : GatehouseFixture
{
    protected override Dictionary<string, string> Environment(string storageConnectionString)
    {
        var settings = base.Environment(storageConnectionString);
        settings["Gatehouse__Policy__Passwords"] = policy.ToString();
        return settings;
    }

    /// <summary>The handshake with the administrator's password (Nuxeo Drive's first bind).</summary>
    public Task<HttpResponseMessage> PasswordHandshakeAsync(string device) =>
        GetAsync($"/authentication/token?applicationName=Nuxeo%20Drive&deviceId={device}&permission=ReadWrite", AdminBasic());

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, AuthenticationHeaderValue? authorization, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Headers = { Authorization = authorization } };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }
}

public sealed class SignInOnlyFixture() : PasswordPolicyFixture(PasswordPolicy.SignInOnly);

public sealed class SignInAndHandshakeFixture() : PasswordPolicyFixture(PasswordPolicy.SignInAndHandshake);

/// <summary>Tokens only, as Nuxeo Online Services' step 2 ends: a password is good at the token page's sign-in and nowhere else.</summary>
public sealed class SignInOnlyEndToEndTests(SignInOnlyFixture gatehouse) : IClassFixture<SignInOnlyFixture>
{
    private const string TokensMessage = "Unauthorized: " + PasswordPolicies.RefusalReason;

    [Fact]
    public async Task Basic_on_the_authorizer_is_refused_pointing_to_tokens_while_a_token_from_the_page_works()
    {
        var token = await TokenFromThePageAsync();

        using var basic = await gatehouse.AuthorizeAsync("GET", "/api/things", ("Authorization", gatehouse.AdminBasic().ToString()));
        using var withToken = await gatehouse.AuthorizeAsync("GET", "/api/things", ("X-Authentication-Token", token));

        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal(TokensMessage, await basic.Content.ReadAsStringAsync());
        Assert.Empty(basic.Headers.WwwAuthenticate);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal(GatehouseFixture.AdminUser, withToken.Headers.GetValues("Remote-User").Single());
        Assert.Matches($"BASIC_AUTH refused the credential of {GatehouseFixture.AdminUser} from .*: {System.Text.RegularExpressions.Regex.Escape(PasswordPolicies.RefusalReason)} \\(chain ", gatehouse.Handler.Output);
        Assert.DoesNotContain(gatehouse.AdminPassword, gatehouse.Handler.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_handshake_refuses_a_password_pointing_to_tokens()
    {
        using var response = await gatehouse.PasswordHandshakeAsync("drive-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(TokensMessage, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/v1/token")]
    [InlineData("POST", "/api/v1/token?application=My%20CLI&deviceId=laptop&permission=rw")]
    public async Task The_token_api_refuses_a_password_for_anything_but_the_page_sign_in(string method, string pathAndQuery)
    {
        using var response = await gatehouse.SendAsync(new HttpMethod(method), pathAndQuery, gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(TokensMessage, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What a person does: sign in on the token page (a page session for the password), then create a CLI token there.</summary>
    private async Task<string> TokenFromThePageAsync()
    {
        var device = "browser-" + Guid.NewGuid().ToString("N");
        using var signIn = await gatehouse.SendAsync(
            HttpMethod.Post,
            $"/api/v1/token?application={Uri.EscapeDataString(CredentialAuthority.SessionApplication)}&deviceId={device}&permission=ReadWrite&expiresIn=3600",
            gatehouse.AdminBasic(),
            ("Accept", "application/json"));
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        var session = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;

        using var created = await gatehouse.SendAsync(HttpMethod.Post, "/api/v1/token?application=My%20CLI&deviceId=laptop&permission=rw", null, ("X-Authentication-Token", session));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.Content.ReadAsStringAsync();
    }
}

/// <summary>The transition: devices still trade a password for their first token at the handshake, and use only the token after.</summary>
public sealed class SignInAndHandshakeEndToEndTests(SignInAndHandshakeFixture gatehouse) : IClassFixture<SignInAndHandshakeFixture>
{
    [Fact]
    public async Task The_handshake_takes_a_password_and_the_authorizer_only_the_token_it_gave()
    {
        using var handshake = await gatehouse.PasswordHandshakeAsync("drive-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Created, handshake.StatusCode);
        var token = await handshake.Content.ReadAsStringAsync();

        using var basic = await gatehouse.AuthorizeAsync("GET", "/api/things", ("Authorization", gatehouse.AdminBasic().ToString()));
        using var withToken = await gatehouse.AuthorizeAsync("GET", "/api/things", ("X-Authentication-Token", token));

        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal("Unauthorized: " + PasswordPolicies.RefusalReason, await basic.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }

    [Fact]
    public async Task The_handshake_still_invites_a_password()
    {
        using var response = await gatehouse.GetAsync("/authentication/token?applicationName=Nuxeo%20Drive&deviceId=d&permission=rw");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }
}
