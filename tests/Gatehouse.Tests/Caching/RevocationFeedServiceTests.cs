using Gatehouse.Caching;
using Gatehouse.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Tests.Caching;

/// <summary>The hosted reader as the app registers it: one read per interval, none before the first, none when off.</summary>
public sealed class RevocationFeedServiceTests
{
    [Fact]
    public async Task The_feed_is_read_once_per_interval_and_never_on_the_request_path()
    {
        using var services = TestServices.Create();
        var service = FeedService(services);
        await services.Chain.AuthenticateAsync(Requests.Get("/api/things", ("X-Authentication-Token", services.Tokens.Issue("bob"))));

        await service.StartAsync(CancellationToken.None);
        Assert.Equal(0, services.Feed.ReadCalls);

        // The loop starts on a thread of its own: time moves in steps until its timer has ticked once.
        await KeepTimeMovingUntilAsync(services, () => services.Feed.ReadCalls == 1);
        for (var second = 2; second <= 3; second++)
        {
            services.Time.Advance(TimeSpan.FromMilliseconds(900));
            await Task.Delay(100);
            Assert.Equal(second - 1, services.Feed.ReadCalls);
            services.Time.Advance(TimeSpan.FromMilliseconds(100));
            await WaitUntilAsync(() => services.Feed.ReadCalls == second);
            Assert.Equal(second, services.Feed.ReadCalls);
        }

        await service.StopAsync(CancellationToken.None);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_waiting_announcement_is_sent_at_the_next_interval()
    {
        using var services = TestServices.Create();
        var service = FeedService(services);
        services.Feed.Unavailable = true;
        await services.Provider.GetRequiredService<InvalidationLedger>().InvalidateAfterAsync("bob", FeedReasons.MfaReset, () => Task.FromResult(true));
        services.Feed.Unavailable = false;

        await service.StartAsync(CancellationToken.None);
        await KeepTimeMovingUntilAsync(services, () => services.Feed.Entries.Count == 1);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(FeedReasons.MfaReset, Assert.Single(services.Feed.Entries).Reason);
    }

    [Fact]
    public async Task Feed_interval_zero_neither_reads_nor_appends()
    {
        using var services = TestServices.Create("Gatehouse:Cache:FeedInterval=00:00:00");
        var service = FeedService(services);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(5));
        services.Time.Advance(TimeSpan.FromSeconds(10));
        await services.Provider.GetRequiredService<Gatehouse.Tokens.ITokenService>().RevokeAllAsync("bob");

        Assert.Equal(0, services.Feed.ReadCalls);
        Assert.Empty(services.Feed.Entries);
    }

    private static RevocationFeedService FeedService(TestServices services) =>
        services.Provider.GetServices<IHostedService>().OfType<RevocationFeedService>().Single();

    private static async Task KeepTimeMovingUntilAsync(TestServices services, Func<bool> condition)
    {
        for (var step = 0; step < 200 && !condition(); step++)
        {
            services.Time.Advance(TimeSpan.FromMilliseconds(100));
            await WaitUntilAsync(condition, TimeSpan.FromMilliseconds(50));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(10));
        while (!condition() && !timeout.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
