using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Caching;

/// <summary>
/// Each <see cref="CacheOptions.FeedInterval"/>, sends the announcements still waiting, then reads the revocation feed
/// once. A hosted service of both hosts (the standalone app and the Functions worker, both generic hosts): nothing on
/// the request path waits for it. Intervals do not pile up: a slow read delays the next one.
/// </summary>
internal sealed class RevocationFeedService(RevocationAnnouncer announcer, RevocationFeedReader reader, IOptions<CacheOptions> options, TimeProvider time, ILogger<RevocationFeedService> logger)
    : BackgroundService
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A read that fails for any reason is tried again next interval; the loop must outlive it.")]
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.FeedInterval;
        if (interval == TimeSpan.Zero)
        {
            FeedLog.Off(logger);
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await announcer.SendWaitingAsync(stoppingToken);
                    await reader.ReadOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    FeedLog.ServiceFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
