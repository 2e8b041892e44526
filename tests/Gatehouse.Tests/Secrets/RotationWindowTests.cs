using Gatehouse.Secrets;

namespace Gatehouse.Tests.Secrets;

public sealed class RotationWindowTests
{
    private static readonly DateTimeOffset Rotated = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Overlap = TimeSpan.FromDays(1);
    private static readonly RotationWindow Window = new(Overlap);

    private static ListedVersion Version(string id, DateTimeOffset created, bool enabled = true, DateTimeOffset? notBefore = null, DateTimeOffset? expiresOn = null) =>
        new(id, created, enabled, notBefore, expiresOn);

    private static IReadOnlyList<(string Version, DateTimeOffset AcceptedUntil)> Accepted(DateTimeOffset now, params ListedVersion[] previous) =>
        Window.PreviousAccepted("current", Rotated, [.. previous, Version("current", Rotated)], now);

    [Fact]
    public void A_version_replaced_within_the_overlap_is_accepted_until_the_overlap_ends()
    {
        var accepted = Accepted(Rotated.AddHours(1), Version("old", Rotated.AddDays(-30)));

        Assert.Equal([("old", Rotated + Overlap)], accepted);
    }

    [Fact]
    public void A_version_replaced_longer_ago_than_the_overlap_is_not_accepted()
    {
        Assert.Empty(Accepted(Rotated + Overlap, Version("old", Rotated.AddDays(-30))));
    }

    [Fact]
    public void Each_older_version_is_accepted_for_the_overlap_after_the_version_that_replaced_it()
    {
        var accepted = Accepted(
            Rotated.AddHours(1),
            Version("oldest", Rotated.AddDays(-3)),
            Version("older", Rotated.AddHours(-30)),
            Version("old", Rotated.AddHours(-6)));

        Assert.Equal([("old", Rotated + Overlap), ("older", Rotated.AddHours(-6) + Overlap)], accepted);
    }

    [Fact]
    public void A_disabled_version_is_not_accepted()
    {
        Assert.Empty(Accepted(Rotated.AddHours(1), Version("old", Rotated.AddDays(-30), enabled: false)));
    }

    [Fact]
    public void A_version_whose_validity_has_not_begun_is_not_accepted()
    {
        Assert.Empty(Accepted(Rotated.AddHours(1), Version("old", Rotated.AddDays(-30), notBefore: Rotated.AddHours(2))));
    }

    [Fact]
    public void A_version_stops_being_accepted_at_its_own_expiry_when_that_comes_first()
    {
        var expiresOn = Rotated.AddHours(3);

        Assert.Equal([("old", expiresOn)], Accepted(Rotated.AddHours(1), Version("old", Rotated.AddDays(-30), expiresOn: expiresOn)));
        Assert.Empty(Accepted(expiresOn, Version("old", Rotated.AddDays(-30), expiresOn: expiresOn)));
    }

    [Fact]
    public void The_current_version_and_versions_created_after_it_are_never_previous()
    {
        Assert.Empty(Accepted(Rotated.AddHours(1), Version("newer", Rotated.AddMinutes(1)), Version("current", Rotated.AddDays(-1))));
    }

    [Fact]
    public void Without_an_overlap_no_previous_version_is_accepted_nor_listing_needed()
    {
        var window = new RotationWindow(TimeSpan.Zero);

        Assert.False(window.KeepsPreviousVersions);
        Assert.Empty(window.PreviousAccepted("current", Rotated, [Version("old", Rotated.AddMinutes(-1)), Version("current", Rotated)], Rotated));
        Assert.True(Window.KeepsPreviousVersions);
    }
}
