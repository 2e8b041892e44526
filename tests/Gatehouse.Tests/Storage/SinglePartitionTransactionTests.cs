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

    [Fact]
    public async Task Deleting_unchanged_rows_goes_a_hundred_per_transaction_and_leaves_out_rows_changed_or_gone_meanwhile()
    {
        var table = azurite.CreateServiceClient().GetTableClient(AzuriteFixture.NewTablePrefix() + "deletes");
        await table.CreateAsync();
        foreach (var chunk in Enumerable.Range(0, 250).Chunk(SinglePartitionTransaction.MaxActions))
        {
            await SinglePartitionTransaction.SubmitAsync(table, chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i:000}"))).ToList());
        }

        var read = await table.QueryAsync<TableEntity>().ToListAsync();
        await table.UpdateEntityAsync(new TableEntity("p", "r007") { ["Changed"] = true }, Azure.ETag.All);
        await table.UpdateEntityAsync(new TableEntity("p", "r180") { ["Changed"] = true }, Azure.ETag.All);
        await table.DeleteEntityAsync("p", "r099");

        var deleted = await SinglePartitionTransaction.DeleteUnchangedAsync(table, read);

        Assert.Equal(247, deleted);
        Assert.Equal(["r007", "r180"], (await table.QueryAsync<TableEntity>().ToListAsync()).Select(row => row.RowKey).Order(StringComparer.Ordinal));
        await table.DeleteAsync();
    }
}
