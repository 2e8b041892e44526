using System.Security.Cryptography;
using Azure.Data.Tables;
using Gatehouse.Audit;
using Gatehouse.Caching;
using Gatehouse.DeviceGrant;
using Gatehouse.Housekeeping;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Housekeeping;

/// <summary>SPEC §13: one sweep deletes exactly what nobody can use any more, in single-partition batches, bounded per run.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class HousekeeperTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task One_sweep_deletes_expired_nonces_old_orphans_and_bindings_expired_beyond_retention_and_nothing_else()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(30) });
        var start = context.Time.GetUtcNow();

        // Day 0: expired-to-be nonces (both layouts), a binding expiring on day 1, one on day 15, an orphan.
        for (var i = 0; i < 30; i++)
        {
            Assert.True(await context.Nonces.TryClaimAsync($"old-{i}", start.AddHours(1)));
        }

        await SeedFirstLayoutNoncesAsync(context, 3, start.AddHours(1));
        await SeedFirstLayoutNoncesAsync(context, 1, start.AddDays(100));
        var longExpired = await context.Tokens.AcquireAsync(Request("bob", "old", Day));
        var expiredWithinRetention = await context.Tokens.AcquireAsync(Request("alice", "fifteen-days", TimeSpan.FromDays(15)));
        await CrashBetweenTheTwoWritesAsync(context, Request("erin", "crashed"));

        // Day 38: live bindings, one of them after a crashed first try; live nonces; 50 minutes before the sweep, a
        // handshake still "in flight".
        context.Time.Advance(TimeSpan.FromDays(38));
        var live = await context.Tokens.AcquireAsync(Request("alice", "live"));
        await CrashBetweenTheTwoWritesAsync(context, Request("frank", "retried"));
        var retried = await context.Tokens.AcquireAsync(Request("frank", "retried"));
        for (var i = 0; i < 20; i++)
        {
            Assert.True(await context.Nonces.TryClaimAsync($"live-{i}", context.Time.GetUtcNow().AddDays(2)));
        }

        context.Time.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(10));
        await CrashBetweenTheTwoWritesAsync(context, Request("gina", "in-flight"));
        context.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal((54, 7, 4), await CountsAsync(context));

        var result = await Sweeper(context).RunOnceAsync();

        Assert.Equal(new HousekeepingResult(ExpiredNonces: 33, OrphanHashes: 2, ExpiredBindings: 1, Finished: true), result);
        Assert.Equal((21, 4, 3), await CountsAsync(context));
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(longExpired.Token)).Status);
        Assert.Equal(TokenStatus.Expired, (await context.Tokens.ValidateAsync(expiredWithinRetention.Token)).Status);
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(retried.Token)).Status);
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(live.Token)).Status);

        // An hour on, the in-flight handshake's row is past the grace period: the next sweep reads only rows made since the last.
        context.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new HousekeepingResult(0, 1, 0, true), await Sweeper(context).RunOnceAsync());
        Assert.Equal((21, 3, 3), await CountsAsync(context));
    }

    [Fact]
    public async Task A_lowered_MaxLifetime_counts_in_when_a_binding_expired()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Request("alice", "year-long"));
        context.Time.Advance(TimeSpan.FromDays(40));

        var capped = new TokenOptions { DefaultLifetime = TimeSpan.FromDays(5), MaxLifetime = TimeSpan.FromDays(5) };
        var result = await Sweeper(context, tokenOptions: capped).RunOnceAsync();

        Assert.Equal(1, result.ExpiredBindings);
        Assert.Equal((0, 0, 0), await CountsAsync(context));
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);
    }

    [Fact]
    public async Task Nonces_of_one_partition_go_a_hundred_per_transaction()
    {
        var context = new StorageTestContext(azurite);
        var now = context.Time.GetUtcNow();
        await SeedNoncesAsync(context, "0a", 250, now.AddMinutes(-1));
        await SeedNoncesAsync(context, "0a", 5, now.AddMinutes(1));
        await SeedNoncesAsync(context, "f3", 3, now.AddMinutes(-1));
        var writes = new WriteBudget(null);

        var result = await Sweeper(context, client: new CrashingTableServiceClient(context.ServiceClient, writes)).RunOnceAsync();

        Assert.Equal(253, result.ExpiredNonces);
        Assert.Equal(5, (await context.ReadAllAsync(TableNames.Nonces)).Count);

        // 100 + 100 + 50 in "0a", 3 in "f3", and the orphan sweep's bookmark.
        Assert.Equal(5, writes.Writes);
    }

    [Fact]
    public async Task A_nonce_claimed_again_after_the_sweep_read_it_is_not_deleted()
    {
        var context = new StorageTestContext(azurite);
        Assert.True(await context.Nonces.TryClaimAsync("taken-over", context.Time.GetUtcNow().AddMinutes(1)));
        await SeedNoncesAsync(context, "0b", 10, context.Time.GetUtcNow().AddMinutes(1));
        context.Time.Advance(TimeSpan.FromMinutes(2));
        var writes = new WriteBudget(null);
        var client = new CrashingTableServiceClient(context.ServiceClient, writes);

        // Between the sweep's read and its first transaction (write 0 is the orphan sweep's bookmark), another instance
        // takes the expired claim over.
        writes.Pause = (1, async () => Assert.True(await context.Nonces.TryClaimAsync("taken-over", context.Time.GetUtcNow().AddHours(1))));
        var result = await Sweeper(context, client: client).RunOnceAsync();

        Assert.Equal(10, result.ExpiredNonces);
        Assert.False(await context.Nonces.TryClaimAsync("taken-over", context.Time.GetUtcNow().AddHours(1)));
    }

    [Fact]
    public async Task MaxDeletesPerRun_bounds_every_run_and_the_next_runs_go_on()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(10) });
        await context.Tokens.AcquireAsync(Request("bob", "one"));
        await context.Tokens.AcquireAsync(Request("bob", "two"));
        for (var i = 0; i < 3; i++)
        {
            await CrashBetweenTheTwoWritesAsync(context, Request("erin", $"crashed-{i}"));
        }

        await SeedNoncesAsync(context, "1c", 250, context.Time.GetUtcNow().AddHours(1));
        context.Time.Advance(TimeSpan.FromDays(60));
        var sweeper = Sweeper(context, new HousekeepingOptions { MaxDeletesPerRun = 50 });

        var runs = new List<HousekeepingResult>();
        do
        {
            runs.Add(await sweeper.RunOnceAsync());
        }
        while (!runs[^1].Finished && runs.Count < 10);

        Assert.Equal(
            [new(43, 3, 2, false), new(50, 0, 0, false), new(50, 0, 0, false), new(50, 0, 0, false), new(50, 0, 0, false), new HousekeepingResult(7, 0, 0, true)],
            runs);
        Assert.Equal((0, 0, 0), await CountsAsync(context));
    }

    [Fact]
    public async Task A_sweep_killed_at_any_write_never_revives_a_token_and_the_next_sweep_finishes_it()
    {
        for (var writes = 0; writes <= 8; writes++)
        {
            var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(10) });
            var expired = await context.Tokens.AcquireAsync(Request("alice", "old"));
            await context.Tokens.AcquireAsync(Request("alice", "older"));
            context.Time.Advance(TimeSpan.FromDays(50));
            var live = await context.Tokens.AcquireAsync(Request("alice", "live"));
            var budget = new WriteBudget(writes);

            var completed = await SimulatedCrashException.CompletesAsync(() => Sweeper(context, client: new CrashingTableServiceClient(context.ServiceClient, budget)).RunOnceAsync());

            Assert.NotEqual(TokenStatus.Valid, (await context.Tokens.ValidateAsync(expired.Token)).Status);
            Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(live.Token)).Status);
            var again = await context.Tokens.AcquireAsync(Request("alice", "old"));
            Assert.True(again.Created);
            await Sweeper(context).RunOnceAsync();
            Assert.Equal((0, 2, 2), await CountsAsync(context));
            Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(again.Token)).Status);
            if (completed)
            {
                Assert.True(writes >= 3, "removing two bindings takes their two hash rows, then one transaction");
                return;
            }
        }

        Assert.Fail("The sweep never completed within 8 writes.");
    }

    [Fact]
    public async Task Revocation_feed_minutes_older_than_the_retention_are_deleted_and_recent_ones_kept()
    {
        var context = new StorageTestContext(azurite);
        var feed = new TableRevocationFeed(context.Tables);
        var now = context.Time.GetUtcNow();
        for (var i = 0; i < 150; i++)
        {
            await feed.AppendAsync(RevocationEntry.Create(now - RevocationFeedSweep.Retention - TimeSpan.FromMinutes(1 + (i % 3)), "old", i, "bob", FeedReasons.TokenRevoked));
        }

        var kept = RevocationEntry.Create(now - RevocationFeedSweep.Retention + TimeSpan.FromMinutes(1), "recent", 0, null, FeedReasons.GroupsChanged);
        await feed.AppendAsync(kept);

        var result = await Sweeper(context).RunOnceAsync();

        Assert.Equal(new HousekeepingResult(0, 0, 0, true, FeedEntries: 150), result);
        Assert.Equal([kept.Id], (await context.ReadAllAsync(TableNames.RevocationFeed)).Select(row => row.RowKey));
    }

    [Fact]
    public async Task Device_authorizations_an_hour_past_their_expiry_are_deleted_both_rows_and_younger_ones_kept()
    {
        var context = new StorageTestContext(azurite);
        var grants = new DeviceGrants(new TableDeviceGrantStore(context.Tables), context.Time, NullLogger<DeviceGrants>.Instance);
        var old = await grants.StartAsync(new DeviceGrantStart("cli", "old", null, TokenPermissions.ReadWrite));
        context.Time.Advance(DeviceGrants.Lifetime + DeviceCodeSweep.Retention - TimeSpan.FromMinutes(1));
        var recent = await grants.StartAsync(new DeviceGrantStart("cli", "recent", null, TokenPermissions.ReadWrite));
        context.Time.Advance(TimeSpan.FromMinutes(2));

        var result = await Sweeper(context).RunOnceAsync();

        Assert.Equal(new HousekeepingResult(0, 0, 0, true, DeviceCodeRows: 2), result);
        Assert.Equal(2, (await context.ReadAllAsync(TableNames.DeviceCodes)).Count);
        Assert.Equal(DevicePollKind.Invalid, (await grants.PollAsync(old.DeviceCode, "cli")).Kind);
        Assert.Equal(DevicePollKind.Pending, (await grants.PollAsync(recent.DeviceCode, "cli")).Kind);
    }

    [Fact]
    public async Task A_sweep_with_storage_down_is_a_storage_outage()
    {
        var context = new StorageTestContext(AzuriteFixture.UnreachableConnectionString);

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => Sweeper(context).RunOnceAsync());

        Assert.Equal("storage", error.Dependency);
    }

    private static TokenRequest Request(string user, string device, TimeSpan? lifetime = null) => new(user, "app", device, null, "ReadWrite", lifetime);

    [Fact]
    public async Task Audit_rows_older_than_the_retention_go_from_every_partition_within_the_runs_budget_and_recent_ones_stay()
    {
        var context = new StorageTestContext(azurite);
        var audit = new AuditOptions { Retention = TimeSpan.FromDays(30) };
        var store = new TableAuditStore(context.Tables, Options.Create(audit), context.Time);
        var now = context.Time.GetUtcNow();
        AuditEvent Event(string? user, TimeSpan age) => new(AuditEventTypes.TokenIssued, user, null, AuditVia.Internal, now - age, null);
        await store.WriteAsync([Event("bob", TimeSpan.FromDays(31)), Event("alice", TimeSpan.FromDays(45)), Event(null, TimeSpan.FromDays(30.5)), Event("bob", TimeSpan.FromDays(29)), Event(null, TimeSpan.FromDays(1))]);

        var limited = await Sweeper(context, new HousekeepingOptions { MaxDeletesPerRun = 3 }, auditOptions: audit).RunOnceAsync();
        var rest = await Sweeper(context, auditOptions: audit).RunOnceAsync();

        Assert.Equal((3, false), (limited.AuditEntries, limited.Finished));
        Assert.Equal(new HousekeepingResult(0, 0, 0, true, AuditEntries: 2), rest);
        var kept = await context.ReadAllAsync(TableNames.Audit);
        Assert.Equal(3, kept.Count);
        Assert.All(kept, row => Assert.True(row.GetDateTimeOffset("At") > now - audit.Retention));
        Assert.Single((await store.QueryAsync(new AuditQuery("bob", now.AddDays(-60), null, null, 10))).Events);
    }

    private static Housekeeper Sweeper(StorageTestContext context, HousekeepingOptions? options = null, TableServiceClient? client = null, TokenOptions? tokenOptions = null, AuditOptions? auditOptions = null) =>
        new(
            context.CreateTables(client ?? context.ServiceClient),
            Options.Create(options ?? new HousekeepingOptions()),
            Options.Create(tokenOptions ?? context.TokenOptions),
            Options.Create(auditOptions ?? new AuditOptions()),
            context.Time,
            NullLogger<Housekeeper>.Instance);

    /// <summary>A handshake whose process dies after the hash row, before the binding row: an orphan.</summary>
    private static async Task CrashBetweenTheTwoWritesAsync(StorageTestContext context, TokenRequest request)
    {
        var (crashing, _, _) = context.Crashing(1);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.AcquireAsync(request));
    }

    private static async Task<(int Nonces, int Hashes, int Bindings)> CountsAsync(StorageTestContext context) => (
        (await context.ReadAllAsync(TableNames.Nonces)).Count,
        (await context.ReadAllAsync(TableNames.TokenHashes)).Count,
        (await context.ReadAllAsync(TableNames.TokenBindings)).Count);

    /// <summary>Claims in the current layout's partition <paramref name="partition"/>, written in bulk.</summary>
    private static async Task SeedNoncesAsync(StorageTestContext context, string partition, int count, DateTimeOffset expiresAt)
    {
        var table = await context.Tables.GetAsync(TableNames.Nonces);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(SinglePartitionTransaction.MaxActions))
        {
            await SinglePartitionTransaction.SubmitAsync(table, chunk
                .Select(_ => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, partition + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(31))) { ["ExpiresAt"] = expiresAt }))
                .ToList());
        }
    }

    /// <summary>Claims as the first layout wrote them: partition = the whole hash, row <c>nonce</c>.</summary>
    private static async Task SeedFirstLayoutNoncesAsync(StorageTestContext context, int count, DateTimeOffset expiresAt)
    {
        var table = await context.Tables.GetAsync(TableNames.Nonces);
        for (var i = 0; i < count; i++)
        {
            await table.AddEntityAsync(new TableEntity(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "nonce") { ["ExpiresAt"] = expiresAt });
        }
    }
}
