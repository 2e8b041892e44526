using System.Diagnostics;
using Gatehouse.Caching;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Tests.Caching;

/// <summary>
/// SPEC §13: two instances (two service providers, each with its hosted feed reader, on the real clock) on one
/// Azurite. What one changes, the other refuses within 2 s, though it holds the old answer in its caches.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class RevocationFeedAcrossInstancesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Goal = TimeSpan.FromSeconds(2);

    private readonly string _prefix = AzuriteFixture.NewTablePrefix();
    private ServiceProvider _a = null!;
    private ServiceProvider _b = null!;

    public async Task InitializeAsync()
    {
        _a = await StartAsync();
        _b = await StartAsync();
        await Users(_a).CreateAsync(new NewUser("bob", "an-old-passphrase", Email: null, Groups: []));
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in (ServiceProvider[])[_a, _b])
        {
            foreach (var service in instance.GetServices<IHostedService>())
            {
                await service.StopAsync(CancellationToken.None);
            }

            await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task Revoked_token_is_refused_by_the_other_instance_within_two_seconds()
    {
        var issued = await Tokens(_a).AcquireAsync(new TokenRequest("bob", "app", "laptop", null, "ReadWrite"));
        Assert.Equal(TokenStatus.Valid, (await Tokens(_b).ValidateAsync(issued.Token)).Status);

        Assert.True(await Tokens(_a).RevokeAsync("bob", "app", "laptop"));

        Assert.InRange(await TimeUntilAsync(async () => (await Tokens(_b).ValidateAsync(issued.Token)).Status != TokenStatus.Valid), TimeSpan.Zero, Goal);
    }

    [Fact]
    public async Task Changed_password_is_refused_by_the_other_instance_within_two_seconds()
    {
        Assert.NotNull((await Users(_b).VerifyPasswordAsync("bob", "an-old-passphrase")).User);

        Assert.True(await Users(_a).SetPasswordAsync("bob", "a-new-passphrase"));

        Assert.InRange(await TimeUntilAsync(async () => (await Users(_b).VerifyPasswordAsync("bob", "an-old-passphrase")).User is null), TimeSpan.Zero, Goal);
    }

    [Fact]
    public async Task Disabled_user_and_their_tokens_are_refused_by_the_other_instance_within_two_seconds()
    {
        var issued = await Tokens(_a).AcquireAsync(new TokenRequest("bob", "app", "phone", null, "ReadWrite"));
        Assert.True((await Users(_b).GetAsync("bob"))!.Enabled);
        Assert.Equal(TokenStatus.Valid, (await Tokens(_b).ValidateAsync(issued.Token)).Status);

        Assert.True(await Users(_a).SetEnabledAsync("bob", false));

        Assert.InRange(await TimeUntilAsync(async () => (await Users(_b).GetAsync("bob"))?.Enabled == false), TimeSpan.Zero, Goal);
    }

    [Fact]
    public async Task Entries_are_rows_of_the_minute_they_were_written_in_and_carry_no_secret()
    {
        await Tokens(_a).RevokeAllAsync("bob");

        var table = await _a.GetRequiredService<TableProvider>().GetAsync(TableNames.RevocationFeed);
        var rows = await table.QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync();
        Assert.All(rows, r => Assert.Equal(["Origin", "PartitionKey", "Reason", "RowKey", "Timestamp", "UserName", "odata.etag"], r.Keys.Order(StringComparer.Ordinal)));
        Assert.All(rows, r => Assert.Equal(TableRevocationFeed.PartitionOf(RevocationEntry.TimeOf(r.RowKey)!.Value), r.PartitionKey));
        Assert.All(rows, r => Assert.Equal(_a.GetRequiredService<RevocationAnnouncer>().InstanceId, r.GetString("Origin")));

        // In the order written: bob's creation (which first clears any tokens an earlier bob left), then the revocation.
        Assert.Equal(
            [(FeedReasons.TokenRevoked, "bob"), (FeedReasons.UserCreated, "bob"), (FeedReasons.TokenRevoked, "bob")],
            rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => (r.GetString("Reason"), r.GetString("UserName"))));
    }

    private static ITokenService Tokens(ServiceProvider instance) => instance.GetRequiredService<ITokenService>();

    private static IUserDirectory Users(ServiceProvider instance) => instance.GetRequiredService<IUserDirectory>();

    /// <summary>How long after now <paramref name="refused"/> first holds, tried every 20 ms for up to 10 s.</summary>
    private static async Task<TimeSpan> TimeUntilAsync(Func<Task<bool>> refused)
    {
        var clock = Stopwatch.StartNew();
        while (!await refused())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "never refused");
            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    private async Task<ServiceProvider> StartAsync()
    {
        var instance = StorageServices.Build(StorageServices.Settings(azurite.ConnectionString, _prefix));
        foreach (var service in instance.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        return instance;
    }
}
