using Azure.Data.Tables;

namespace Gatehouse.Storage;

/// <summary>
/// The only way Gatehouse submits a batch. Azure rejects a transaction whose entities span
/// partitions (or exceed 100 actions) but Azurite accepts it (SPEC §2), so a bug would pass every
/// local test and fail in production: this guard refuses such a batch before it is sent.
/// </summary>
internal static class SinglePartitionTransaction
{
    /// <summary>Azure's limit on actions in one transaction.</summary>
    public const int MaxActions = 100;

    /// <summary>Throws <see cref="InvalidOperationException"/> unless the actions are 1–100 on one partition with distinct row keys.</summary>
    public static void EnsureValid(IReadOnlyCollection<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxActions)
        {
            throw new InvalidOperationException($"A table transaction holds 1 to {MaxActions} actions; this one has {actions.Count}.");
        }

        string? partition = null;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            partition ??= action.Entity.PartitionKey;
            if (!string.Equals(partition, action.Entity.PartitionKey, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("A table transaction must not span partitions: Azure rejects it (Azurite does not).");
            }

            if (!rows.Add(action.Entity.RowKey))
            {
                throw new InvalidOperationException("A table transaction must not act on one entity twice: Azure rejects it.");
            }
        }
    }

    /// <summary>
    /// Deletes <paramref name="rows"/>, all of one partition, at most <see cref="MaxActions"/> per transaction, each
    /// only if unchanged since it was read (its ETag). A row changed or gone meanwhile fails its whole transaction:
    /// it is left out and the rest submitted again. Returns how many rows were deleted.
    /// </summary>
    public static async Task<int> DeleteUnchangedAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var deleted = 0;
        foreach (var chunk in rows.Chunk(MaxActions))
        {
            var actions = chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag)).ToList();
            while (actions.Count > 0)
            {
                try
                {
                    await SubmitAsync(table, actions, cancellationToken);
                    deleted += actions.Count;
                    break;
                }
                catch (TableTransactionFailedException ex) when (
                    ex.FailedTransactionActionIndex is { } failed && failed < actions.Count &&
                    (StorageFailures.IsPreconditionFailed(ex) || StorageFailures.IsNotFound(ex)))
                {
                    actions.RemoveAt(failed);
                }
            }
        }

        return deleted;
    }

    /// <summary>Checks the batch with <see cref="EnsureValid"/>, then submits it.</summary>
    public static async Task SubmitAsync(TableClient table, IReadOnlyCollection<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        EnsureValid(actions);
        await table.SubmitTransactionAsync(actions, cancellationToken);
    }
}
