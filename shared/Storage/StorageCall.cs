namespace Gatehouse.Storage;

/// <summary>Runs a store operation so that a storage outage leaves it as <see cref="DependencyUnavailableException"/>.</summary>
internal static class StorageCall
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            return await operation();
        }
        catch (Exception ex) when (StorageFailures.IsOutage(ex, cancellationToken))
        {
            throw StorageFailures.Unavailable(ex);
        }
    }
}
