using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Audit;

/// <summary>
/// Drains the <see cref="AuditQueue"/> into the <see cref="IAuditStore"/>: whatever is waiting, up to
/// <see cref="MaxBatch"/> events, goes in one call (the store batches them per partition). A write that fails drops
/// its events (counted): the trail is best-effort, and holding them would only fill the queue for the next outage.
/// On stop, what is still queued gets <see cref="AuditOptions.DrainOnStop"/> to be written.
/// </summary>
internal sealed class AuditWriter(AuditQueue queue, IAuditStore store, IOptions<AuditOptions> options, ILogger<AuditWriter> logger) : BackgroundService
{
    /// <summary>Events written per call at most.</summary>
    internal const int MaxBatch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteWaitingAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: StopAsync drains what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(options.Value.DrainOnStop);
        while (!drain.IsCancellationRequested && queue.Reader.TryPeek(out _))
        {
            await WriteWaitingAsync(drain.Token);
        }

        var left = queue.Reader.Count;
        if (left > 0)
        {
            queue.Dropped("any", "the host stopped before they were written", left);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Audit is best-effort: a write that fails for any reason drops its batch, and the writer must outlive it.")]
    private async Task WriteWaitingAsync(CancellationToken cancellationToken)
    {
        var batch = new List<AuditEvent>();
        while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
        {
            batch.Add(next);
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await store.WriteAsync(batch, cancellationToken);
            queue.Written(batch.Count);
        }
        catch (Exception exception)
        {
            AuditLog.WriteFailed(logger, batch.Count, exception);
            queue.Dropped(batch[0].Type, "storage refused the write", batch.Count, exception);
        }
    }
}
