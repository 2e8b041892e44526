namespace Gatehouse.Regulation;

/// <summary>
/// Bans shared by every instance (SPEC §10, regulation): a login or client address that failed too often is
/// written here once, and every instance reads it before it would check a password. Failures themselves are
/// counted in memory, per instance: a flood must not cost a storage write per attempt. Outages throw
/// <see cref="DependencyUnavailableException"/>.
/// </summary>
public interface IBanStore
{
    /// <summary>When the ban on <paramref name="subject"/> ends (possibly already past), or null when it was never banned.</summary>
    /// <param name="subject">A regulation key such as <c>login:bob</c> or <c>address:203.0.113.7</c> (any text).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    ValueTask<DateTimeOffset?> GetBanEndAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>Bans <paramref name="subject"/> until <paramref name="until"/>, replacing any earlier ban.</summary>
    ValueTask BanAsync(string subject, DateTimeOffset until, CancellationToken cancellationToken = default);
}
