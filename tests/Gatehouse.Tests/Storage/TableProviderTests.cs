using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableProviderTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Concurrent_first_uses_create_the_table_once_with_the_prefix()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        var counting = new CountingServiceClient(azurite.CreateServiceClient());
        var provider = new TableProvider(counting, Options.Create(new StorageOptions { TablePrefix = prefix }), new DependencyHealth(TimeProvider.System, NullLogger<DependencyHealth>.Instance), NullLogger<TableProvider>.Instance);

        var clients = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await provider.GetAsync(TableNames.Users))));

        Assert.Equal(1, counting.Creations);
        Assert.All(clients, client => Assert.Equal(prefix + "users", client.Name));
        Assert.Single(await azurite.CreateServiceClient().QueryAsync(TableClient.CreateQueryFilter($"TableName eq {prefix + "users"}")).ToListAsync());
    }

    [Fact]
    public async Task Nothing_is_created_before_first_use()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        var counting = new CountingServiceClient(azurite.CreateServiceClient());

        _ = new TableProvider(counting, Options.Create(new StorageOptions { TablePrefix = prefix }), new DependencyHealth(TimeProvider.System, NullLogger<DependencyHealth>.Instance), NullLogger<TableProvider>.Instance);

        Assert.Equal(0, counting.Creations);
        Assert.Empty(await azurite.CreateServiceClient().QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}")).ToListAsync());
    }

    [Fact]
    public async Task A_table_that_already_exists_is_used_as_it_is()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        var options = Options.Create(new StorageOptions { TablePrefix = prefix });
        var first = await new TableProvider(azurite.CreateServiceClient(), options, new DependencyHealth(TimeProvider.System, NullLogger<DependencyHealth>.Instance), NullLogger<TableProvider>.Instance).GetAsync(TableNames.Users);
        await first.AddEntityAsync(new TableEntity("p", "r"));

        var second = await new TableProvider(azurite.CreateServiceClient(), options, new DependencyHealth(TimeProvider.System, NullLogger<DependencyHealth>.Instance), NullLogger<TableProvider>.Instance).GetAsync(TableNames.Users);

        Assert.NotNull((await second.GetEntityIfExistsAsync<TableEntity>("p", "r")).Value);
    }

    [Fact]
    public async Task A_failed_creation_is_retried_on_the_next_use()
    {
        await using var storage = await AzuriteProcess.StartAsync();
        var options = new StorageOptions { ConnectionString = storage.ConnectionString, MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) };
        var provider = new TableProvider(
            new TableServiceClient(storage.ConnectionString, StorageServiceCollectionExtensions.CreateClientOptions(options)),
            Options.Create(options),
            new DependencyHealth(TimeProvider.System, NullLogger<DependencyHealth>.Instance), NullLogger<TableProvider>.Instance);
        await storage.StopAsync();

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await provider.GetAsync(TableNames.Users));
        Assert.Equal("storage", error.Dependency);

        await storage.StartAgainAsync();
        var table = await provider.GetAsync(TableNames.Users);
        await table.AddEntityAsync(new TableEntity("p", "r"));
    }

    private sealed class CountingServiceClient(TableServiceClient inner) : TableServiceClient
    {
        private int _creations;

        public int Creations => _creations;

        public override TableClient GetTableClient(string tableName) => new CountingTableClient(inner.GetTableClient(tableName), this);

        private sealed class CountingTableClient(TableClient inner, CountingServiceClient owner) : TableClient
        {
            public override string Name => inner.Name;

            public override async Task<Response<TableItem>> CreateAsync(CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref owner._creations);
                await Task.Delay(50, cancellationToken); // widen the race window
                return await inner.CreateAsync(cancellationToken);
            }
        }
    }
}
