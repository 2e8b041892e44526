using System.Globalization;

namespace Gatehouse.Caching;

/// <summary>
/// One entry of the revocation feed: <paramref name="UserName"/>'s cached tokens, credentials and record are stale
/// everywhere (null: everyone's). <paramref name="At"/> is the writer's clock; <paramref name="Origin"/> the writing
/// instance, which skips its own entries. <paramref name="Id"/> orders entries by time and tells them apart.
/// </summary>
internal sealed record RevocationEntry(string Id, DateTimeOffset At, string Origin, string? UserName, string Reason)
{
    /// <summary>Digits of the ticks that start every id: ids sort as their times do.</summary>
    private const string TicksFormat = "D19";

    public static RevocationEntry Create(DateTimeOffset at, string origin, long sequence, string? userName, string reason) =>
        new($"{IdFloor(at)}-{origin}-{sequence.ToString(CultureInfo.InvariantCulture)}", at, origin, userName, reason);

    /// <summary>The smallest id an entry written at or after <paramref name="at"/> can have.</summary>
    public static string IdFloor(DateTimeOffset at) => at.UtcTicks.ToString(TicksFormat, CultureInfo.InvariantCulture);

    /// <summary>The time an id was written at, or null when it is not an id.</summary>
    public static DateTimeOffset? TimeOf(string id) =>
        id.Length > 19 && long.TryParse(id.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
}
