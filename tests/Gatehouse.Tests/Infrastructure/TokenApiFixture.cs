using System.Net.Http.Headers;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Gatehouse.Storage;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// A running Gatehouse with a second, ordinary user (<see cref="OtherUser"/>, not an administrator), written
/// straight into the handler's tables (there is no user API yet), and a one-day default and maximum token
/// lifetime so renewal up to the cap can be seen.
/// </summary>
public class TokenApiFixture : GatehouseFixture
{
    public const string OtherUser = "bob";
    public const string OtherEmail = "bob@example.test";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public string OtherPassword { get; } = "bob-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public AuthenticationHeaderValue OtherBasic() => Basic(OtherUser, OtherPassword);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateUserAsync(OtherUser, OtherPassword, OtherEmail);
    }

    /// <summary>Writes a user (not an administrator) straight into the handler's tables.</summary>
    public async Task CreateUserAsync(string userName, string password, string email)
    {
        var storage = Options.Create(new StorageOptions { ConnectionString = Azurite.ConnectionString });
        var client = new TableServiceClient(Azurite.ConnectionString, StorageServiceCollectionExtensions.CreateClientOptions(storage.Value));
        var tables = new TableProvider(client, storage, new DependencyHealth(TimeProvider.System, NullLogger<DependencyHealth>.Instance), NullLogger<TableProvider>.Instance);
        var tokens = new TableTokenService(tables, new FakeSecretStore(), Options.Create(new TokenOptions()), TimeProvider.System, NullLogger<TableTokenService>.Instance);
        var users = new TableUserDirectory(tables, new PasswordHasher(StorageTestContext.TestIterations), StorageTestContext.Hashing, tokens, new TableGroupDirectory(tables, NullLogger<TableGroupDirectory>.Instance), TimeProvider.System, NullLogger<TableUserDirectory>.Instance);
        if (!await users.CreateAsync(new NewUser(userName, password, email, "Test", "User")))
        {
            throw new InvalidOperationException($"The test user {userName} could not be created.");
        }
    }

    protected override Dictionary<string, string> Environment(string storageConnectionString)
    {
        var environment = base.Environment(storageConnectionString);
        environment["Gatehouse__Tokens__DefaultLifetime"] = Lifetime.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        environment["Gatehouse__Tokens__MaxLifetime"] = Lifetime.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        return environment;
    }
}
