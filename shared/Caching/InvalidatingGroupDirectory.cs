using Gatehouse.Users;

namespace Gatehouse.Caching;

/// <summary>
/// Makes every change to the groups drop every cached user, here and, through the feed, on every instance: sub-groups
/// reach members indirectly, so any user's resolved groups (<see cref="User.ExtendedGroups"/>) may have changed.
/// </summary>
internal sealed class InvalidatingGroupDirectory(IGroupDirectory inner, InvalidationLedger ledger) : IGroupDirectory
{
    public ValueTask<Group?> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

    public Task<GroupGraph> GraphAsync(CancellationToken cancellationToken = default) => inner.GraphAsync(cancellationToken);

    public Task<GroupChange> CreateAsync(Group group, CancellationToken cancellationToken = default) =>
        ledger.InvalidateEveryoneAfterAsync(FeedReasons.GroupsChanged, () => inner.CreateAsync(group, cancellationToken));

    public Task<GroupChange> UpdateAsync(string name, GroupUpdate update, CancellationToken cancellationToken = default) =>
        ledger.InvalidateEveryoneAfterAsync(FeedReasons.GroupsChanged, () => inner.UpdateAsync(name, update, cancellationToken));

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        ledger.InvalidateEveryoneAfterAsync(FeedReasons.GroupsChanged, () => inner.DeleteAsync(name, cancellationToken));
}
