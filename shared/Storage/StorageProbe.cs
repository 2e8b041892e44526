using Azure.Data.Tables;

namespace Gatehouse.Storage;

/// <summary>Answers "does Table Storage answer?" for <c>/health</c>, classifying failures as every store does.</summary>
internal sealed class StorageProbe(TableServiceClient serviceClient, TableProvider tables)
{
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // Listing one page of tables is the cheapest call that proves the account answers.
            await tables.RunAsync(async () =>
            {
                await foreach (var _ in serviceClient.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
                {
                    break;
                }

                return true;
            }, cancellationToken);
            return true;
        }
        catch (DependencyUnavailableException)
        {
            return false;
        }
    }
}
