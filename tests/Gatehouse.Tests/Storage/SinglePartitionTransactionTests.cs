using Azure.Data.Tables;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class SinglePartitionTransactionTests(AzuriteFixture azurite)
{
    [Fact]
    public void A_batch_spanning_two_partitions_is_refused()
    {
        var actions = new[]
        {
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "r")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p2", "r")),
        };

        var error = Assert.Throws<InvalidOperationException>(() => SinglePartitionTransaction.EnsureValid(actions));

        Assert.Contains("span partitions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_batch_of_no_or_too_many_actions_is_refused(int count)
    {
        var actions = Enumerable.Range(0, count)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}")))
            .ToList();

        Assert.Throws<InvalidOperationException>(() => SinglePartitionTransaction.EnsureValid(actions));
    }

    [Fact]
    public void A_batch_touching_one_entity_twice_is_refused()
    {
        var actions = new[]
        {
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "r")),
            new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity("p", "r")),
        };

        Assert.Throws<InvalidOperationException>(() => SinglePartitionTransaction.EnsureValid(actions));
    }

    [Fact]
    public async Task A_single_partition_batch_of_100_is_submitted()
    {
        var table = azurite.CreateServiceClient().GetTableClient(AzuriteFixture.NewTablePrefix() + "batch");
        await table.CreateIfNotExistsAsync();
        var actions = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i:D3}")))
            .ToList();

        await SinglePartitionTransaction.SubmitAsync(table, actions);

        Assert.Equal(100, await table.QueryAsync<TableEntity>().CountAsync());
    }

    [Fact]
    public async Task Guarded_submit_never_sends_a_cross_partition_batch()
    {
        var table = azurite.CreateServiceClient().GetTableClient(AzuriteFixture.NewTablePrefix() + "batch");
        await table.CreateIfNotExistsAsync();
        var actions = new[]
        {
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "r")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p2", "r")),
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => SinglePartitionTransaction.SubmitAsync(table, actions));

        Assert.Equal(0, await table.QueryAsync<TableEntity>().CountAsync());
    }

    [Fact]
    public async Task Azurite_itself_accepts_cross_partition_batches_which_is_why_the_guard_exists()
    {
        // Documents the emulator quirk (SPEC §2): if this starts failing, Azurite got stricter, and the guard stays anyway.
        var table = azurite.CreateServiceClient().GetTableClient(AzuriteFixture.NewTablePrefix() + "quirk");
        await table.CreateIfNotExistsAsync();

        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "r")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p2", "r")),
        ]);

        Assert.Equal(2, await table.QueryAsync<TableEntity>().CountAsync());
    }
}
