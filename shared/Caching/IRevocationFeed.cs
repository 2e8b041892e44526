namespace Gatehouse.Caching;

/// <summary>Where instances tell each other what to drop from their caches (SPEC §13): <see cref="TableRevocationFeed"/>.</summary>
internal interface IRevocationFeed
{
    /// <exception cref="DependencyUnavailableException">Storage could not take it.</exception>
    Task AppendAsync(RevocationEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entries written (by their writers' clocks) from <paramref name="since"/> up to <paramref name="until"/>,
    /// in no particular order; an entry may come again in a later read.
    /// </summary>
    /// <exception cref="DependencyUnavailableException">Storage could not answer.</exception>
    Task<IReadOnlyList<RevocationEntry>> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);
}
