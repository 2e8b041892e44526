using Azure.Core;
using Azure.Core.Pipeline;

namespace Gatehouse.Storage;

/// <summary>
/// Counts every request the table client sends, retries included (<c>gatehouse.storage.calls</c>): the figure the
/// caches exist to keep low, and what a storage bill is made of. Counted as sent, so a request that never gets an
/// answer counts too; outages have their own counter.
/// </summary>
internal sealed class StorageCallCounter : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) => GatehouseTelemetry.StorageCalls.Add(1);
}
