using System.Collections.Concurrent;
using Gatehouse.Users;

namespace Gatehouse.Tests.Fakes;

/// <summary>In-memory groups for tests above storage: creation, merges and deletion, with the graph's member and cycle checks.</summary>
public sealed class FakeGroupDirectory : IGroupDirectory
{
    private readonly ConcurrentDictionary<string, Group> _groups = new(StringComparer.OrdinalIgnoreCase);

    public ValueTask<Group?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_groups.GetValueOrDefault(name));

    public Task<GroupGraph> GraphAsync(CancellationToken cancellationToken = default) => Task.FromResult(new GroupGraph(_groups.Values));

    public Task<GroupChange> CreateAsync(Group group, CancellationToken cancellationToken = default)
    {
        if (group.MemberGroups.FirstOrDefault(member => !_groups.ContainsKey(member)) is { } unknown)
        {
            return Task.FromResult(new GroupChange(GroupChangeStatus.UnknownMember, unknown));
        }

        return Task.FromResult(_groups.TryAdd(group.Name, group) ? GroupChange.Done : new GroupChange(GroupChangeStatus.Exists));
    }

    public Task<GroupChange> UpdateAsync(string name, GroupUpdate update, CancellationToken cancellationToken = default)
    {
        if (!_groups.TryGetValue(name, out var current))
        {
            return Task.FromResult(new GroupChange(GroupChangeStatus.NotFound));
        }

        if (update.MemberGroups is { } members && new GroupGraph(_groups.Values).FindCycle(current.Name, members) is { } cycle)
        {
            return Task.FromResult(new GroupChange(GroupChangeStatus.Cycle, cycle));
        }

        _groups[name] = current with { Label = update.Label ?? current.Label, Description = update.Description ?? current.Description, MemberGroups = update.MemberGroups ?? current.MemberGroups };
        return Task.FromResult(GroupChange.Done);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(_groups.TryRemove(name, out _));
}
