using Gatehouse.Users;

namespace Gatehouse.Audit;

/// <summary>Audits changes to groups (about no one user: the everyone view shows them). Reads pass straight through.</summary>
internal sealed class AuditingGroupDirectory(IGroupDirectory inner, AuditTrail trail) : IGroupDirectory
{
    public ValueTask<Group?> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

    public Task<GroupGraph> GraphAsync(CancellationToken cancellationToken = default) => inner.GraphAsync(cancellationToken);

    public async Task<GroupChange> CreateAsync(Group group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        var change = await inner.CreateAsync(group, cancellationToken);
        if (change.Succeeded)
        {
            trail.Record(AuditEventTypes.GroupCreated, null, "group " + group.Name);
        }

        return change;
    }

    public async Task<GroupChange> UpdateAsync(string name, GroupUpdate update, CancellationToken cancellationToken = default)
    {
        var change = await inner.UpdateAsync(name, update, cancellationToken);
        if (change.Succeeded)
        {
            trail.Record(AuditEventTypes.GroupUpdated, null, "group " + name);
        }

        return change;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var deleted = await inner.DeleteAsync(name, cancellationToken);
        if (deleted)
        {
            trail.Record(AuditEventTypes.GroupDeleted, null, "group " + name);
        }

        return deleted;
    }
}
