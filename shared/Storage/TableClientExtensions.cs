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
}
