using Gatehouse.Plugins;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;

namespace Gatehouse.Tests.Plugins;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableNonceStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_nonce_is_claimed_once_until_it_expires()
    {
        var context = new StorageTestContext(azurite);
        var expiresAt = context.Time.GetUtcNow().AddHours(1);

        Assert.True(await context.Nonces.TryClaimAsync("1324572561000:qwertyuiop:bob", expiresAt));
        Assert.False(await context.Nonces.TryClaimAsync("1324572561000:qwertyuiop:bob", expiresAt));

        context.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(await context.Nonces.TryClaimAsync("1324572561000:qwertyuiop:bob", expiresAt.AddHours(1)));

        context.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await context.Nonces.TryClaimAsync("1324572561000:qwertyuiop:bob", context.Time.GetUtcNow().AddHours(1)));
        Assert.False(await context.Nonces.TryClaimAsync("1324572561000:qwertyuiop:bob", context.Time.GetUtcNow().AddHours(1)));
    }

    [Fact]
    public async Task Different_nonces_do_not_interfere()
    {
        var context = new StorageTestContext(azurite);
        var expiresAt = context.Time.GetUtcNow().AddHours(1);

        Assert.True(await context.Nonces.TryClaimAsync("a", expiresAt));
        Assert.True(await context.Nonces.TryClaimAsync("A", expiresAt));
        Assert.True(await context.Nonces.TryClaimAsync("a ", expiresAt));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_nonce_across_instances_have_one_winner()
    {
        var context = new StorageTestContext(azurite);
        var other = new TableNonceStore(context.CreateTables(context.ServiceClient), context.Time);
        var expiresAt = context.Time.GetUtcNow().AddHours(1);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? context.Nonces : other).TryClaimAsync("replayed", expiresAt))));

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task Concurrent_takeovers_of_an_expired_nonce_have_one_winner()
    {
        var context = new StorageTestContext(azurite);
        await context.Nonces.TryClaimAsync("old", context.Time.GetUtcNow().AddMinutes(1));
        context.Time.Advance(TimeSpan.FromMinutes(2));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            await context.Nonces.TryClaimAsync("old", context.Time.GetUtcNow().AddHours(1)))));

        Assert.Single(results, won => won);
    }

    [Theory]
    [InlineData("with/slash\\back#hash?query")]
    [InlineData("control\u0000\u0001\u007f")]
    [InlineData("Café 🔑")]
    public async Task Any_text_is_a_valid_nonce(string nonce)
    {
        var context = new StorageTestContext(azurite);

        Assert.True(await context.Nonces.TryClaimAsync(nonce, context.Time.GetUtcNow().AddHours(1)));
        Assert.False(await context.Nonces.TryClaimAsync(nonce, context.Time.GetUtcNow().AddHours(1)));
    }

    [Fact]
    public async Task Huge_nonces_are_hashed_into_a_short_key()
    {
        var context = new StorageTestContext(azurite);
        var nonce = new string('n', 64 * 1024);

        Assert.True(await context.Nonces.TryClaimAsync(nonce, context.Time.GetUtcNow().AddHours(1)));
        Assert.False(await context.Nonces.TryClaimAsync(nonce, context.Time.GetUtcNow().AddHours(1)));
        var row = Assert.Single(await context.ReadAllAsync(Gatehouse.Storage.TableNames.Nonces));
        Assert.Equal(64, row.RowKey.Length);
        Assert.Equal(row.RowKey[..2], row.PartitionKey);
    }

    [Fact]
    public async Task An_empty_nonce_is_refused()
    {
        var context = new StorageTestContext(azurite);

        await Assert.ThrowsAsync<ArgumentException>(async () => await context.Nonces.TryClaimAsync(string.Empty, context.Time.GetUtcNow()));
    }
}
