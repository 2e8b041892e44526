using Azure;
using Azure.Data.Tables;
using Gatehouse.Storage;
using Gatehouse.Validation;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Users;

/// <summary>
/// The groups in Table Storage (SPEC §10): one partition holds every group, a row each keyed by the escaped
/// lower-case name, and a version row. A team's groups are few, so the whole graph is one partition query.
/// </summary>
/// <remarks>
/// Every change is one transaction that also updates the version row under its ETag: changes to the graph are
/// serialized, so two concurrent changes can never each pass the cycle check and form a cycle together, and a crash
/// leaves either the whole change or none of it.
/// </remarks>
internal sealed class TableGroupDirectory(TableProvider tables, ILogger<TableGroupDirectory> logger) : IGroupDirectory
{
    private const string Partition = "groups";

    /// <summary>'|' is escaped in every group's key, so no group's row can be this one.</summary>
    private const string VersionRowKey = "|version";

    private const int MaxAttempts = 5;

    private static readonly string PartitionFilter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");

    public async ValueTask<Group?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (UserValidation.DescribeNameProblem(name, nameof(name)) is not null)
        {
            return null;
        }

        return await tables.RunAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.Groups, cancellationToken);
                return await table.GetIfExistsAsync(Partition, Key(name), cancellationToken) is { } row ? ToGroup(row) : null;
            },
            cancellationToken);
    }

    public async Task<GroupGraph> GraphAsync(CancellationToken cancellationToken = default) =>
        (await tables.RunAsync(() => ReadAsync(cancellationToken), cancellationToken)).Graph;

    public Task<GroupChange> CreateAsync(Group group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        Validate(group.Name, group.Label, group.Description, group.MemberGroups);
        return ChangeAsync(group.Name, snapshot =>
        {
            if (snapshot.Graph.Find(group.Name) is not null)
            {
                return (new GroupChange(GroupChangeStatus.Exists), []);
            }

            if (snapshot.Graph.Canonicalize(group.MemberGroups, out var members) is { } unknown)
            {
                return (new GroupChange(GroupChangeStatus.UnknownMember, unknown), []);
            }

            var row = ToRow(group with { MemberGroups = members });
            return (GroupChange.Done, [new TableTransactionAction(TableTransactionActionType.Add, row)]);
        }, cancellationToken);
    }

    public Task<GroupChange> UpdateAsync(string name, GroupUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(update);
        Validate(name, update.Label, update.Description, update.MemberGroups);
        return ChangeAsync(name, snapshot =>
        {
            if (snapshot.Graph.Find(name) is not { } current)
            {
                return (new GroupChange(GroupChangeStatus.NotFound), []);
            }

            var members = current.MemberGroups;
            if (update.MemberGroups is not null)
            {
                if (snapshot.Graph.Canonicalize(update.MemberGroups, out members) is { } unknown)
                {
                    return (new GroupChange(GroupChangeStatus.UnknownMember, unknown), []);
                }

                if (snapshot.Graph.FindCycle(current.Name, members) is { } cycle)
                {
                    return (new GroupChange(GroupChangeStatus.Cycle, cycle), []);
                }
            }

            var changed = current with
            {
                Label = update.Label is null ? current.Label : UserValidation.EmptyAsNull(update.Label),
                Description = update.Description is null ? current.Description : UserValidation.EmptyAsNull(update.Description),
                MemberGroups = members,
            };
            return (GroupChange.Done, [new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToRow(changed), snapshot.ETagOf(name))]);
        }, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (UserValidation.DescribeNameProblem(name, nameof(name)) is not null)
        {
            return false;
        }

        var change = await ChangeAsync(name, snapshot =>
        {
            if (snapshot.Graph.Find(name) is null)
            {
                return (new GroupChange(GroupChangeStatus.NotFound), []);
            }

            List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, new TableEntity(Partition, Key(name)), snapshot.ETagOf(name))];
            foreach (var parentName in snapshot.Graph.ParentsOf(name))
            {
                var parent = snapshot.Graph.Find(parentName)!;
                var kept = parent.MemberGroups.Where(member => !string.Equals(member, name, StringComparison.OrdinalIgnoreCase)).ToArray();
                actions.Add(new(TableTransactionActionType.UpdateReplace, ToRow(parent with { MemberGroups = kept }), snapshot.ETagOf(parentName)));
            }

            return (GroupChange.Done, actions);
        }, cancellationToken);
        return change.Succeeded;
    }

    /// <summary>
    /// Reads the graph, lets <paramref name="decide"/> turn it into rows to write, and writes them with the version row in
    /// one transaction; a concurrent change (the version moved) makes it read and decide again.
    /// </summary>
    private async Task<GroupChange> ChangeAsync(string name, Func<Snapshot, (GroupChange Change, List<TableTransactionAction> Actions)> decide, CancellationToken cancellationToken)
    {
        var change = await tables.RunAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.Groups, cancellationToken);
                for (var attempt = 0; attempt < MaxAttempts; attempt++)
                {
                    var snapshot = await ReadAsync(cancellationToken);
                    var (decided, actions) = decide(snapshot);
                    if (!decided.Succeeded)
                    {
                        return decided;
                    }

                    var version = new TableEntity(Partition, VersionRowKey) { ["Changed"] = name };
                    actions.Add(snapshot.Version is { } etag
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, version, etag)
                        : new TableTransactionAction(TableTransactionActionType.Add, version));
                    try
                    {
                        await SinglePartitionTransaction.SubmitAsync(table, actions, cancellationToken);
                        return decided;
                    }
                    catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex) || StorageFailures.IsConflict(ex) || StorageFailures.IsNotFound(ex))
                    {
                        // Someone changed the groups between our read and our write: decide again on what is there now.
                    }
                }

                throw new ConcurrentChangeException($"The groups kept changing while changing '{name}'; try again.");
            },
            cancellationToken);
        if (change.Succeeded)
        {
            UsersLog.GroupChanged(logger, name);
        }

        return change;
    }

    private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Groups, cancellationToken);
        var groups = new List<Group>();
        var etags = new Dictionary<string, ETag>(StringComparer.Ordinal);
        ETag? version = null;
        await foreach (var row in table.QueryAsync<TableEntity>(PartitionFilter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == VersionRowKey)
            {
                version = row.ETag;
                continue;
            }

            groups.Add(ToGroup(row));
            etags[row.RowKey] = row.ETag;
        }

        return new Snapshot(new GroupGraph(groups), etags, version);
    }

    private static void Validate(string name, string? label, string? description, IReadOnlyList<string>? members)
    {
        UserValidation.ValidateName(name, "groupname");
        UserValidation.ValidateText(label, "grouplabel");
        UserValidation.ValidateText(description, "description");
        UserValidation.ValidateGroups(members, "memberGroups");
    }

    private static string Key(string name) => TableKeys.Escape(name.ToLowerInvariant(), "groupname");

    private static TableEntity ToRow(Group group) => new(Partition, Key(group.Name))
    {
        [Columns.Name] = group.Name,
        [Columns.Label] = group.Label,
        [Columns.Description] = group.Description,
        [Columns.MemberGroups] = string.Join('\n', group.MemberGroups),
    };

    private static Group ToGroup(TableEntity row) => new(
        row.GetString(Columns.Name) ?? TableKeys.Unescape(row.RowKey),
        row.GetString(Columns.Label),
        row.GetString(Columns.Description),
        (row.GetString(Columns.MemberGroups) ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries));

    private sealed record Snapshot(GroupGraph Graph, Dictionary<string, ETag> ETags, ETag? Version)
    {
        public ETag ETagOf(string name) => ETags[Key(name)];
    }

    private static class Columns
    {
        public const string Name = "Name";
        public const string Label = "Label";
        public const string Description = "Description";
        public const string MemberGroups = "MemberGroups";
    }
}
