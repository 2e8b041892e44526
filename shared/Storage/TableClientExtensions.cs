using Azure;
using Azure.Data.Tables;

namespace Gatehouse.Storage;

internal static class TableClientExtensions
{
    /// <summary>The entity, or null when it does not exist (one point read).</summary>
    /// <exception cref="Azure.RequestFailedException">
    /// The table is missing. The SDK answers that as "no value" too; thrown so that <see cref="TableProvider.RunAsync"/>
    /// creates the table again, rather than a vanished table passing for a missing entity.
    /// </exception>
    public static async Task<TableEntity?> GetIfExistsAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        if (response.HasValue)
        {
            return response.Value;
        }

        var raw = response.GetRawResponse();
        return StorageFailures.IsTableNotFound(raw) ? throw StorageFailures.TableNotFound(raw) : null;
    }

    /// <summary>Merges <paramref name="patch"/> into an existing entity; false when the entity is gone (never re-creates it).</summary>
    public static async Task<bool> TryMergeAsync(this TableClient table, TableEntity patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex))
        {
            return false;
        }
    }

    /// <summary>Adds <paramref name="entity"/>; false when its key is taken.</summary>
    public static async Task<bool> TryAddAsync(this TableClient table, TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsConflict(ex))
        {
            return false;
        }
    }

    /// <summary>Replaces the entity as read at <paramref name="eTag"/>; false when it changed since, or is gone.</summary>
    public static async Task<bool> TryReplaceAsync(this TableClient table, TableEntity entity, ETag eTag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            await table.UpdateEntityAsync(entity, eTag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex) || StorageFailures.IsNotFound(ex))
        {
            return false;
        }
    }
}
