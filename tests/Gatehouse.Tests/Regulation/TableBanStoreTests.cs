using System.Text;
using Gatehouse.Chain;
using Gatehouse.Regulation;
using Gatehouse.Secrets;
using Gatehouse.Storage;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Tests.Regulation;

/// <summary>Regulation's bans on real Table Storage (Azurite): shared by every instance, keyed by any text.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableBanStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_ban_written_by_one_instance_is_honoured_by_another_without_checking_the_password()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        using var first = Instance(prefix);
        using var second = Instance(prefix);
        Assert.True(await first.GetRequiredService<IUserDirectory>().CreateAsync(new NewUser("alice", "alice-password", "alice@example.com")));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(DecisionKind.Unauthenticated, (await DecideAsync(first, "alice", "wrong")).Kind);
        }

        var started = DateTimeOffset.UtcNow;
        var onTheOther = await DecideAsync(second, "ALICE@example.com", "alice-password");

        Assert.Equal(DecisionKind.Throttled, onTheOther.Kind);
        Assert.InRange(onTheOther.RetryAfter!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(1));
        var rows = await azurite.CreateServiceClient().GetTableClient(prefix + TableNames.Bans).QueryAsync<Azure.Data.Tables.TableEntity>().Select(row => row.PartitionKey).ToListAsync();
        Assert.Equal(["login:alice", "login:alice@example.com"], rows.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("login:with/slash\\back#hash?query|pipe%")]
    [InlineData("login:control\u0000\u0001\u007f")]
    [InlineData("login:Café 🔑")]
    [InlineData("address:2001:db8::/64")]
    public async Task Any_subject_is_banned_and_read_back(string subject)
    {
        var store = new StorageTestContext(azurite).Bans;
        var until = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

        Assert.Null(await store.GetBanEndAsync(subject));
        await store.BanAsync(subject, until);

        Assert.Equal(until, await store.GetBanEndAsync(subject));
        Assert.Null(await store.GetBanEndAsync(subject.ToUpperInvariant() + "x"));
    }

    [Theory]
    [InlineData(2000)]
    [InlineData(8 * 1024)]
    public async Task A_subject_too_long_for_a_key_is_keyed_by_its_hash(int length)
    {
        var context = new StorageTestContext(azurite);
        var subject = "login:" + new string('/', length);

        await context.Bans.BanAsync(subject, context.Time.GetUtcNow().AddMinutes(5));

        Assert.Equal(context.Time.GetUtcNow().AddMinutes(5), await context.Bans.GetBanEndAsync(subject));
        Assert.StartsWith("sha256:", Assert.Single(await context.ReadAllAsync(TableNames.Bans)).PartitionKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_ban_replaces_an_earlier_one()
    {
        var context = new StorageTestContext(azurite);
        var now = context.Time.GetUtcNow();

        await context.Bans.BanAsync("login:bob", now.AddMinutes(-1));
        await context.Bans.BanAsync("login:bob", now.AddMinutes(5));

        Assert.Equal(now.AddMinutes(5), await context.Bans.GetBanEndAsync("login:bob"));
        Assert.Single(await context.ReadAllAsync(TableNames.Bans));
    }

    private ServiceProvider Instance(string prefix)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gatehouse:Storage:ConnectionString"] = azurite.ConnectionString,
            ["Gatehouse:Storage:TablePrefix"] = prefix,
            ["Gatehouse:Users:PasswordIterations"] = "1000",
            ["Gatehouse:Users:AllowWeakPasswordHashing"] = "true",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<ISecretStore>(new Gatehouse.Tests.Fakes.FakeSecretStore());
        services.AddSingleton<IConfiguration>(configuration).AddGatehouseStorage().AddGatehouseAboveStorage(configuration);
        return services.BuildServiceProvider();
    }

    private static ValueTask<ChainDecision> DecideAsync(IServiceProvider instance, string login, string password) =>
        instance.GetRequiredService<IAuthenticationChain>().AuthenticateAsync(Requests.Get("/api/things", ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password)))));
}
