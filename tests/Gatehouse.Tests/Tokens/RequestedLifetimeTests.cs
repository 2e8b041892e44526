using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;

namespace Gatehouse.Tests.Tokens;

/// <summary>A token request may ask for a shorter life than the default (the token page's session), never a longer one.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class RequestedLifetimeTests(AzuriteFixture azurite)
{
    private static TokenRequest Session(TimeSpan? lifetime, string device = "session-1") =>
        new("alice", "Gatehouse token page", device, null, "ReadWrite", lifetime);

    [Fact]
    public async Task A_shorter_requested_lifetime_is_honoured_and_the_token_expires_with_it()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(30) });

        var issued = await context.Tokens.AcquireAsync(Session(TimeSpan.FromHours(1)));

        Assert.Equal(issued.Binding.CreationDate.AddHours(1), issued.Binding.ExpiresAt);
        context.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(issued.Token)).Status);
        context.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TokenStatus.Expired, (await context.Tokens.ValidateAsync(issued.Token)).Status);
    }

    [Theory]
    [InlineData(31 * 24.0)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public async Task A_longer_zero_or_negative_requested_lifetime_means_the_default(double hours)
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(30) });

        var issued = await context.Tokens.AcquireAsync(Session(TimeSpan.FromHours(hours)));

        Assert.Equal(issued.Binding.CreationDate.AddDays(30), issued.Binding.ExpiresAt);
    }

    [Fact]
    public async Task Tokens_that_never_expire_by_default_may_still_ask_for_a_short_life()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.Zero });

        var session = await context.Tokens.AcquireAsync(Session(TimeSpan.FromHours(1)));
        var device = await context.Tokens.AcquireAsync(Session(null, "device"));

        Assert.Equal(session.Binding.CreationDate.AddHours(1), session.Binding.ExpiresAt);
        Assert.Null(device.Binding.ExpiresAt);
    }

    [Fact]
    public async Task The_same_live_triplet_keeps_its_lifetime()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(30) });
        var first = await context.Tokens.AcquireAsync(Session(TimeSpan.FromHours(1)));

        var again = await context.Tokens.AcquireAsync(Session(null));

        Assert.Equal(first.Token, again.Token);
        Assert.Equal(first.Binding.ExpiresAt, again.Binding.ExpiresAt);
    }
}
