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
