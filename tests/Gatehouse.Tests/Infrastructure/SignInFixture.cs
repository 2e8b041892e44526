using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>A running Gatehouse where each test signs in as a user of its own, so one test's second factor never meets another's.</summary>
public class SignInFixture : TokenApiFixture
{
    /// <summary>A new user (not an administrator) with a random password; their login is also their e-mail's local part.</summary>
    public async Task<(string Name, string Password, AuthenticationHeaderValue Basic)> NewUserAsync()
    {
        var name = "user-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var password = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await CreateUserAsync(name, password, name + "@example.test");
        return (name, password, Basic(name, password));
    }
}

/// <summary>As <see cref="SignInFixture"/>, where <c>Gatehouse:Mfa:Require</c> is <c>Everyone</c>.</summary>
public sealed class MfaRequiredFixture : SignInFixture
{
    protected override Dictionary<string, string> Environment(string storageConnectionString)
    {
        var environment = base.Environment(storageConnectionString);
        environment["Gatehouse__Mfa__Require"] = "Everyone";
        return environment;
    }
}

/// <summary>
/// As <see cref="SignInFixture"/>, the way Nuxeo Drive wants a server: standalone under the path base <c>nuxeo</c>, with
/// Nuxeo's UUID-shaped tokens (Drive 7.0.1 accepts no other in its <c>nxdrive://</c> URL).
/// </summary>
public sealed class DriveFixture : SignInFixture
{
    public override HostingMode Mode => HostingMode.Standalone;

    /// <summary>A client whose relative paths are under the path base.</summary>
    public HttpClient Nuxeo { get; private set; } = null!;

    public Uri NuxeoAddress => new(Client.BaseAddress!, "nuxeo/");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Nuxeo = new HttpClient { BaseAddress = NuxeoAddress };
    }

    public override async Task DisposeAsync()
    {
        Nuxeo?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>The authorizer's answer for a token, under the path base.</summary>
    public async Task<System.Net.HttpStatusCode> AuthorizeStatusAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "authorize");
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/nuxeo/api/v1/me");
        request.Headers.Add("X-Authentication-Token", token);
        using var response = await Nuxeo.SendAsync(request);
        return response.StatusCode;
    }

    protected override Dictionary<string, string> Environment(string storageConnectionString)
    {
        var environment = base.Environment(storageConnectionString);
        environment["Gatehouse__PathBase"] = "nuxeo";
        environment["Gatehouse__Tokens__Format"] = "Uuid";
        return environment;
    }
}
