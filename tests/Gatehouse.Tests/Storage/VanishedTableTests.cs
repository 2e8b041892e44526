using Azure;
using Azure.Data.Tables;
using Gatehouse.Plugins;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Tests.Storage;

/// <summary>
/// Tables that disappear after start-up (deleted, or an in-memory emulator restarted) are created again on next
/// use: never a 500 from a storage error, never a vanished table read as "no such entity" and left missing.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class VanishedTableTests(AzuriteFixture azurite)
{
    private static readonly TokenRequest Request = new("admin", "app", "device", null, "ReadWrite");

    [Fact]
    public async Task Tables_deleted_under_running_services_are_created_again_and_every_store_works()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        using var services = StorageServices.Build(StorageServices.Settings(azurite.ConnectionString, prefix));
        var users = services.GetRequiredService<IUserDirectory>();
        var tokens = services.GetRequiredService<ITokenService>();
        var nonces = services.GetRequiredService<INonceStore>();
        var bootstrap = services.GetRequiredService<BootstrapAdministrator>();
        await bootstrap.EnsureAsync();
        var before = await tokens.AcquireAsync(Request);
        Assert.True(await nonces.TryClaimAsync("n", DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Equal(7, (await TablesAsync(prefix)).Count);

        foreach (var table in await TablesAsync(prefix))
        {
            await azurite.CreateServiceClient().DeleteTableAsync(table);
        }

        // Each first call below finds its table missing: the tables come back empty, and the answers say so.
        var after = await tokens.AcquireAsync(Request);
        Assert.True(after.Created);
        Assert.NotEqual(before.Token, after.Token);
        Assert.Equal([after.Binding.Id], (await tokens.ListAsync("admin")).Select(b => b.Id));
        Assert.Equal(TokenStatus.Valid, (await tokens.ValidateAsync(after.Token)).Status);
        Assert.Equal(TokenStatus.Unknown, (await tokens.ValidateAsync(before.Token)).Status);
        Assert.True(await nonces.TryClaimAsync("n", DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Null(await users.GetAsync("admin"));
        Assert.True(await bootstrap.EnsureAsync());
        Assert.NotNull((await users.VerifyPasswordAsync("admin@example.com", StorageServices.AdminPassword)).User);
        Assert.Equal(8, (await TablesAsync(prefix)).Count); // and the bans table, which the regulated password check reads
    }

    [Fact]
    public async Task A_point_read_of_a_vanished_table_creates_it_again_rather_than_answering_not_found_for_ever()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Request);
        await azurite.CreateServiceClient().DeleteTableAsync(context.Prefix + TableNames.TokenHashes);

        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);

        Assert.Contains(context.Prefix + TableNames.TokenHashes, await TablesAsync(context.Prefix));
    }

    [Fact]
    public async Task A_point_read_of_a_missing_table_throws_table_not_found()
    {
        var table = azurite.CreateServiceClient().GetTableClient(AzuriteFixture.NewTablePrefix() + "missing");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetIfExistsAsync("p", "r"));

        Assert.True(StorageFailures.IsTableNotFound(error));
    }

    [Fact]
    public async Task A_table_that_stays_missing_after_being_created_again_is_a_storage_outage_not_a_500()
    {
        var context = new StorageTestContext(azurite);
        var budget = new WriteBudget(0) { WriteFailure = () => new RequestFailedException(404, "The table specified does not exist.", "TableNotFound", null) };
        var tokens = context.CreateTokenService(new CrashingTableServiceClient(context.ServiceClient, budget));

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => tokens.AcquireAsync(Request));

        Assert.Equal("storage", error.Dependency);
    }

    private async Task<List<string>> TablesAsync(string prefix) =>
        await azurite.CreateServiceClient()
            .QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}"))
            .Select(t => t.Name)
            .ToListAsync();
}
