using Gatehouse.Chain;

namespace Gatehouse.Tests.ChainCore;

/// <summary>
/// What every plugin promises (ASP.NET's SharedAuthenticationTests, idunno's "not mine is not failed"):
/// no credential → NoResult; its credential malformed → Fail; valid → Success; garbage never throws.
/// </summary>
public abstract class AuthenticatorContractTests
{
    public static TheoryData<string> NastyValues => new()
    {
        string.Empty, " ", new string('x', 8 * 1024), "\u0000\u0001\u001f", "ünïcødé ☃", "a\r\nInjected: yes", "%00%2F", "==", "::::",
    };

    protected abstract IAuthenticator CreatePlugin();

    /// <summary>A request carrying none of the plugin's kind of credential.</summary>
    protected virtual AuthRequest WithoutCredentials() => Requests.Get();

    protected abstract AuthRequest WithMalformedCredentials();

    protected abstract AuthRequest WithValidCredentials();

    /// <summary>The plugin's credential slot filled with an arbitrary value.</summary>
    protected abstract AuthRequest WithCredentialValue(string value);

    [Fact]
    public async Task Without_its_credential_the_plugin_returns_no_result()
    {
        var result = await CreatePlugin().AuthenticateAsync(WithoutCredentials());
        Assert.Equal(AuthOutcome.NoResult, result.Outcome);
    }

    [Fact]
    public async Task With_its_credential_malformed_the_plugin_fails_with_a_reason()
    {
        var result = await CreatePlugin().AuthenticateAsync(WithMalformedCredentials());
        Assert.Equal(AuthOutcome.Fail, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Fact]
    public async Task With_a_valid_credential_the_plugin_succeeds_naming_itself()
    {
        var plugin = CreatePlugin();
        var result = await plugin.AuthenticateAsync(WithValidCredentials());
        Assert.Equal(AuthOutcome.Success, result.Outcome);
        Assert.Equal(plugin.Name, result.Identity!.Plugin);
    }

    [Theory]
    [MemberData(nameof(NastyValues))]
    public async Task Garbage_never_throws_and_never_succeeds(string value)
    {
        var result = await CreatePlugin().AuthenticateAsync(WithCredentialValue(value));
        Assert.NotEqual(AuthOutcome.Success, result.Outcome);
    }
}
