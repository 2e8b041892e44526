using Azure;
using Azure.Data.Tables;

namespace Gatehouse.Tests.Infrastructure;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class AzuriteFixtureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Fixture_serves_tables_that_round_trip_entities()
    {
        var table = azurite.CreateServiceClient().GetTableClient(AzuriteFixture.NewTablePrefix() + "smoke");
        await table.CreateIfNotExistsAsync();

        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = "v" });
        var read = await table.GetEntityAsync<TableEntity>("p", "r");

        Assert.Equal("v", read.Value.GetString("Value"));
    }

    [Fact]
    public void Table_prefixes_are_unique_and_legal_table_names()
    {
        var prefixes = Enumerable.Range(0, 100).Select(_ => AzuriteFixture.NewTablePrefix()).ToList();

        Assert.Equal(prefixes.Count, prefixes.Distinct().Count());
        Assert.All(prefixes, p => Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,40}$", p));
    }

    [Fact]
    public async Task A_dedicated_instance_can_be_stopped_and_restarted()
    {
        await using var process = await AzuriteProcess.StartAsync();
        var options = new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } };
        var table = new TableServiceClient(process.ConnectionString, options).GetTableClient("restart");
        await table.CreateIfNotExistsAsync();

        await process.StopAsync();
        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync());
        Assert.Equal(0, failure.Status);

        await process.StartAgainAsync();
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));
    }

    [Fact]
    public async Task Unreachable_connection_string_fails_to_connect()
    {
        var options = new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } };
        var table = new TableServiceClient(AzuriteFixture.UnreachableConnectionString, options).GetTableClient("nothing");

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync());

        Assert.Equal(0, failure.Status);
    }
}
