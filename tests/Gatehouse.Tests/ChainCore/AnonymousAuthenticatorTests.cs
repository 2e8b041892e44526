using Gatehouse.Chain;
using Gatehouse.Plugins;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.ChainCore;

public sealed class AnonymousAuthenticatorTests
{
    [Fact]
    public async Task Configured_anonymous_user_succeeds()
    {
        var plugin = new AnonymousAuthenticator(Options.Create(new AnonymousAuthenticatorOptions { AnonymousUser = "Guest" }));
        var result = await plugin.AuthenticateAsync(Requests.Get());
        Assert.Equal(("Guest", AuthOutcome.Success), (result.Identity!.UserName, result.Outcome));
    }

    [Fact]
    public async Task Without_an_anonymous_user_it_returns_no_result()
    {
        var plugin = new AnonymousAuthenticator(Options.Create(new AnonymousAuthenticatorOptions()));
        Assert.Equal(AuthOutcome.NoResult, (await plugin.AuthenticateAsync(Requests.Get())).Outcome);
    }
}
