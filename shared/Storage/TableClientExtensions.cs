using Azure.Data.Tables;

namespace Gatehouse.Storage;

internal static class TableClientExtensions
{
    /// <summary>The entity, or null when it does not exist (one point read).</summary>
    public static async Task<TableEntity?> GetIfExistsAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
