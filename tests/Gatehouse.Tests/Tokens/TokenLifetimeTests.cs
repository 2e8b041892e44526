using Gatehouse.Tokens;

namespace Gatehouse.Tests.Tokens;

public sealed class TokenLifetimeTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static TokenLifetime Lifetime(double defaultDays, double maximumDays = 0) =>
        new(new TokenOptions { DefaultLifetime = TimeSpan.FromDays(defaultDays), MaxLifetime = TimeSpan.FromDays(maximumDays) });

    private static TokenBinding Binding(DateTimeOffset? expiresAt) =>
        new("0123456789abcdef0123456789abcdef", "alice", "app", "device", null, "ReadWrite", Created, expiresAt, null);

    [Fact]
    public void A_new_binding_lives_the_default_lifetime()
    {
        Assert.Equal(Created.AddDays(30), Lifetime(30).InitialExpiry(Created));
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(31 * 24.0, 30 * 24.0)]
    [InlineData(0.0, 30 * 24.0)]
    [InlineData(-1.0, 30 * 24.0)]
    public void A_requested_lifetime_is_honoured_only_when_shorter_than_the_default(double requestedHours, double expectedHours)
    {
        Assert.Equal(Created.AddHours(expectedHours), Lifetime(30).InitialExpiry(Created, TimeSpan.FromHours(requestedHours)));
    }

    [Fact]
    public void A_zero_default_lifetime_means_never_unless_a_shorter_life_is_asked_for()
    {
        Assert.Null(Lifetime(0).InitialExpiry(Created));
        Assert.Equal(Created.AddHours(1), Lifetime(0).InitialExpiry(Created, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Without_a_maximum_a_binding_stops_working_at_its_own_expiry_or_never()
    {
        Assert.Equal(Created.AddDays(30), Lifetime(30).EffectiveExpiry(Binding(Created.AddDays(30))));
        Assert.Null(Lifetime(0).EffectiveExpiry(Binding(null)));
    }

    [Fact]
    public void A_maximum_lowered_since_issue_shortens_the_binding_and_caps_never()
    {
        var capped = Lifetime(10, 10);

        Assert.Equal(Created.AddDays(10), capped.EffectiveExpiry(Binding(Created.AddDays(365))));
        Assert.Equal(Created.AddDays(10), capped.EffectiveExpiry(Binding(null)));
        Assert.Equal(Created.AddDays(5), capped.EffectiveExpiry(Binding(Created.AddDays(5))));
    }

    [Fact]
    public void Renewal_extends_by_the_default_lifetime_from_now()
    {
        var now = Created.AddDays(20);

        Assert.Equal(now.AddDays(30), Lifetime(30).RenewedExpiry(Binding(Created.AddDays(30)), now));
    }

    [Fact]
    public void Renewal_is_capped_by_the_maximum_lifetime_from_creation()
    {
        Assert.Equal(Created.AddDays(45), Lifetime(30, 45).RenewedExpiry(Binding(Created.AddDays(30)), Created.AddDays(25)));
    }

    [Fact]
    public void Renewal_never_shortens_a_binding_nor_dates_one_that_never_expires()
    {
        var longLived = Binding(Created.AddDays(365));

        Assert.Equal(longLived.ExpiresAt, Lifetime(30).RenewedExpiry(longLived, Created.AddDays(1)));
        Assert.Null(Lifetime(30).RenewedExpiry(Binding(null), Created.AddDays(1)));
        Assert.Equal(Created.AddDays(7), Lifetime(0).RenewedExpiry(Binding(Created.AddDays(7)), Created.AddDays(1)));
    }

    [Fact]
    public void A_binding_has_reached_its_maximum_once_the_cap_decides_its_expiry()
    {
        var lifetime = Lifetime(30, 45);

        Assert.True(lifetime.HasReachedMaximum(Binding(Created.AddDays(45))));
        Assert.True(lifetime.HasReachedMaximum(Binding(Created.AddDays(365))));
        Assert.False(lifetime.HasReachedMaximum(Binding(Created.AddDays(30))));
        Assert.False(Lifetime(30).HasReachedMaximum(Binding(Created.AddDays(30))));
    }
}
