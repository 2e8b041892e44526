using Gatehouse.Chain;

namespace Gatehouse.Tests.Plugins;

/// <summary>
/// What every plugin promises the chain (SPEC §4.1), in the manner of ASP.NET's
/// <c>SharedAuthenticationTests</c>: no credential is NoResult, a malformed one is Fail, a valid one is
/// Success as its user, and no input — however hostile — makes it throw.
/// </summary>
public abstract class AuthenticatorContractTests
{
    /// <summary>Hostile values, by name (some are not valid UTF-16, so test cases carry only the name).</summary>
    public static readonly IReadOnlyDictionary<string, string> Garbage = new Dictionary<string, string>
    {
        ["empty"] = string.Empty,
        ["whitespace"] = " \t ",
        ["8 KB"] = new string('A', 8 * 1024),
        ["8 KB + 1 of base64"] = new string('Q', (8 * 1024) + 1),
        ["64 KB"] = new string('x', 64 * 1024),
        ["8 KB non-ASCII"] = string.Concat(Enumerable.Repeat("é€😀", 8 * 1024 / 4)),
        ["non-ASCII"] = "Café Ünïcødé 用户 😀",
        ["control characters"] = "\u0000\u0001\u001f\u007f\r\n",
        ["NUL inside"] = "bob\0admin",
        ["lone surrogate"] = "\ud800x\udc00",
        ["colons"] = ":::",
        ["percent escapes"] = "%00%ZZ%",
        ["quotes and commas"] = "\"a\", b; c=d",
        ["base64 padding only"] = "====",
        ["scheme only"] = "Basic",
        ["scheme and space"] = "Basic ",
        ["number overflow"] = "99999999999999999999999999",
        ["negative"] = "-1",
    };

    public static TheoryData<string> GarbageNames => [.. Garbage.Keys];

    /// <summary>The user <see cref="WithValidCredentials"/> authenticates as.</summary>
    protected abstract string ValidUserName { get; }

    /// <summary>The plugin under test, set up so that <see cref="WithValidCredentials"/> succeeds.</summary>
    protected abstract IAuthenticator CreateAuthenticator();

    /// <summary>The plugin as it should be when the request carries none of its credentials.</summary>
    protected virtual IAuthenticator CreateAuthenticatorWithoutCredentials() => CreateAuthenticator();

    protected abstract AuthRequest WithoutCredentials();

    protected abstract AuthRequest WithValidCredentials();

    /// <summary>Requests carrying <paramref name="value"/> in each place the plugin reads a credential from.</summary>
    protected abstract IEnumerable<AuthRequest> WithGarbage(string value);

    [Fact]
    public async Task No_credentials_give_no_result()
    {
        var result = await CreateAuthenticatorWithoutCredentials().AuthenticateAsync(WithoutCredentials());

        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Fact]
    public async Task Valid_credentials_succeed_as_the_user_and_name_the_plugin()
    {
        var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(WithValidCredentials());

        Assert.Equal(AuthOutcome.Success, result.Outcome);
        Assert.Equal(ValidUserName, result.Identity!.UserName);
        Assert.Equal(authenticator.Name, result.Identity.Plugin);
    }

    [Theory]
    [MemberData(nameof(GarbageNames))]
    public async Task Garbage_never_throws(string garbage)
    {
        var authenticator = CreateAuthenticator();

        foreach (var request in WithGarbage(Garbage[garbage]))
        {
            var result = await authenticator.AuthenticateAsync(request);

            Assert.True(result.Outcome != AuthOutcome.Fail || !string.IsNullOrEmpty(result.Reason));
            Assert.True(result.Outcome != AuthOutcome.Success || result.Identity is not null);
        }
    }
}

/// <summary>The contract of plugins that read a credential: a malformed one fails (and stops the chain).</summary>
public abstract class CredentialAuthenticatorContractTests : AuthenticatorContractTests
{
    /// <summary>Requests with this plugin's kind of credential, malformed in different ways.</summary>
    protected abstract IEnumerable<AuthRequest> WithMalformedCredentials();

    [Fact]
    public async Task Malformed_credentials_fail_with_a_reason()
    {
        var authenticator = CreateAuthenticator();

        foreach (var request in WithMalformedCredentials())
        {
            var result = await authenticator.AuthenticateAsync(request);

            Assert.Equal(AuthOutcome.Fail, result.Outcome);
            Assert.False(string.IsNullOrEmpty(result.Reason));
        }
    }
}
