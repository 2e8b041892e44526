namespace Gatehouse.Users;

/// <summary>
/// Every group and how they nest, read at once (one partition): resolves a user's groups upwards, finds a group's
/// parents, and tells whether a change would make a cycle. Names compare case-insensitively, as everywhere in the directory.
/// </summary>
public sealed class GroupGraph
{
    public static GroupGraph Empty { get; } = new([]);

    private readonly Dictionary<string, Group> _groups;
    private readonly Dictionary<string, List<string>> _parents;

    public GroupGraph(IEnumerable<Group> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = groups.ToDictionary(group => group.Name, StringComparer.OrdinalIgnoreCase);
        _parents = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in _groups.Values)
        {
            foreach (var member in group.MemberGroups)
            {
                if (!_parents.TryGetValue(member, out var parents))
                {
                    _parents[member] = parents = [];
                }

                parents.Add(group.Name);
            }
        }
    }

    /// <summary>Every group, by name.</summary>
    public IEnumerable<Group> Groups => _groups.Values.OrderBy(group => group.Name, StringComparer.OrdinalIgnoreCase);

    public Group? Find(string name) => _groups.GetValueOrDefault(name);

    /// <summary>
    /// <paramref name="names"/> as their groups were created, each once, in <paramref name="canonical"/>; returns the first
    /// name that is no group (and leaves <paramref name="canonical"/> empty), or null. A name among <paramref name="kept"/>
    /// (a user's groups as stored) counts even without a group row, so that a user sent back as it was read is accepted.
    /// </summary>
    public string? Canonicalize(IReadOnlyList<string> names, out IReadOnlyList<string> canonical, IReadOnlyList<string>? kept = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        var result = new List<string>(names.Count);
        foreach (var name in names)
        {
            var found = Find(name)?.Name ?? kept?.FirstOrDefault(group => string.Equals(group, name, StringComparison.OrdinalIgnoreCase));
            if (found is null)
            {
                canonical = [];
                return name;
            }

            if (!result.Contains(found, StringComparer.Ordinal))
            {
                result.Add(found);
            }
        }

        canonical = result;
        return null;
    }

    /// <summary>The groups that list <paramref name="name"/> as a member group.</summary>
    public IReadOnlyList<string> ParentsOf(string name) => _parents.TryGetValue(name, out var parents) ? parents : [];

    /// <summary>
    /// <paramref name="direct"/> followed by every group that contains one of them, each once, nearest first. A direct
    /// group with no row (named before groups were kept, or mid-deletion) still counts: membership is on the user.
    /// </summary>
    public IReadOnlyList<string> Expand(IReadOnlyList<string> direct)
    {
        ArgumentNullException.ThrowIfNull(direct);
        if (_parents.Count == 0)
        {
            return direct;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>(direct.Count);
        var queue = new Queue<string>();
        foreach (var name in direct)
        {
            if (seen.Add(name))
            {
                result.Add(name);
                queue.Enqueue(name);
            }
        }

        // The visited set ends the walk even on a cycle that a concurrent writer managed to store.
        while (queue.TryDequeue(out var name))
        {
            foreach (var parent in ParentsOf(name))
            {
                if (seen.Add(parent))
                {
                    result.Add(parent);
                    queue.Enqueue(parent);
                }
            }
        }

        return result.Count == direct.Count ? direct : result;
    }

    /// <summary>The first of <paramref name="members"/> through which <paramref name="group"/> would contain itself, or null.</summary>
    public string? FindCycle(string group, IEnumerable<string> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var ancestors = Expand([group]);
        foreach (var member in members)
        {
            // A member that already contains the group, directly or further up, would make the group contain itself.
            if (ancestors.Contains(member, StringComparer.OrdinalIgnoreCase))
            {
                return member;
            }
        }

        return null;
    }
}
