using Azure;
using Gatehouse.Audit;
using Gatehouse.Functions.Hosting;
using Gatehouse.Housekeeping;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Housekeeping;

/// <summary>The handler's housekeeping loop: never in start-up's way, one sweep per interval, alive through outages.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class HousekeepingServiceTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    [Fact]
    public async Task Start_up_does_not_wait_for_a_sweep_and_sweeps_go_on_every_interval_through_an_outage()
    {
        var context = new StorageTestContext(azurite);
        var storageCalls = 0;
        var budget = new WriteBudget(null)
        {
            Outage = () =>
            {
                Interlocked.Increment(ref storageCalls);
                return new RequestFailedException(503, "Service Unavailable");
            },
        };
        using var service = Service(context, new HousekeepingOptions { Interval = Interval }, new CrashingTableServiceClient(context.ServiceClient, budget));

        await service.StartAsync(CancellationToken.None);
        Assert.Equal(0, Volatile.Read(ref storageCalls));

        await KeepTimeMovingUntilAsync(context, () => Task.FromResult(Volatile.Read(ref storageCalls) >= 1));
        var afterFirst = Volatile.Read(ref storageCalls);
        await KeepTimeMovingUntilAsync(context, () => Task.FromResult(Volatile.Read(ref storageCalls) > afterFirst));

        budget.Outage = null;
        Assert.True(await context.Nonces.TryClaimAsync("n", context.Time.GetUtcNow().AddMinutes(1)));
        await KeepTimeMovingUntilAsync(context, async () => (await context.ReadAllAsync(TableNames.Nonces)).Count == 0);

        await service.StopAsync(CancellationToken.None);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Disabled_housekeeping_never_touches_storage()
    {
        var context = new StorageTestContext(azurite);
        var budget = new WriteBudget(null) { Outage = () => throw new InvalidOperationException("storage was touched") };
        using var service = Service(context, new HousekeepingOptions { Enabled = false, Interval = Interval }, new CrashingTableServiceClient(context.ServiceClient, budget));

        await service.StartAsync(CancellationToken.None);
        context.Time.Advance(10 * Interval);

        // The loop ended at once instead of waiting for its first interval.
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(5));

        await service.StopAsync(CancellationToken.None);
    }

    private static HousekeepingService Service(StorageTestContext context, HousekeepingOptions options, Azure.Data.Tables.TableServiceClient client)
    {
        var housekeeper = new Housekeeper(context.CreateTables(client), Options.Create(options), Options.Create(context.TokenOptions), Options.Create(new AuditOptions()), context.Time, NullLogger<Housekeeper>.Instance);
        return new HousekeepingService(housekeeper, Options.Create(options), context.Time, NullLogger<HousekeepingService>.Instance);
    }

    /// <summary>Moves the fake clock on in steps until <paramref name="condition"/> holds, whenever the loop sets its next timer.</summary>
    private static async Task KeepTimeMovingUntilAsync(StorageTestContext context, Func<Task<bool>> condition)
    {
        for (var step = 0; step < 200; step++)
        {
            if (await condition())
            {
                return;
            }

            context.Time.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(20);
        }

        Assert.Fail("The housekeeping loop did not get there within 200 steps of 10 minutes.");
    }
}
