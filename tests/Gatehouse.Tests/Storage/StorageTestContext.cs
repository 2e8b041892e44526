using Azure.Data.Tables;
using Gatehouse.Mfa;
using Gatehouse.Plugins;
using Gatehouse.Regulation;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Tests.Storage;

/// <summary>
/// The stores of one test on the shared Azurite, isolated by a fresh table prefix, with a fake clock,
/// a fake token key and cheap password hashing (1,000 iterations: tests only).
/// </summary>
internal sealed class StorageTestContext
{
    public const int TestIterations = 1_000;

    /// <summary>One set of hashing threads for every test's directory: threads are not disposed of per test.</summary>
    public static readonly PasswordHashingGate Hashing = new(Environment.ProcessorCount, 64, nice: 0, NullLogger<PasswordHashingGate>.Instance);

    public StorageTestContext(AzuriteFixture azurite, TokenOptions? tokenOptions = null, int iterations = TestIterations)
        : this(azurite.ConnectionString, tokenOptions, iterations)
    {
    }

    public StorageTestContext(string connectionString, TokenOptions? tokenOptions = null, int iterations = TestIterations, StorageOptions? storageOptions = null)
    {
        StorageOptions = storageOptions ?? new StorageOptions { ConnectionString = connectionString };
        StorageOptions.TablePrefix = AzuriteFixture.NewTablePrefix();
        TokenOptions = tokenOptions ?? new TokenOptions();
        Iterations = iterations;
        ServiceClient = new TableServiceClient(connectionString, StorageServiceCollectionExtensions.CreateClientOptions(StorageOptions));
        Tables = CreateTables(ServiceClient);
        Tokens = CreateTokenService(ServiceClient);
        Groups = CreateGroupDirectory(ServiceClient);
        Users = CreateUserDirectory(ServiceClient);
        Nonces = new TableNonceStore(Tables, Time);
        Bans = new TableBanStore(Tables);
        SecondFactors = new TableSecondFactorStore(Tables);
    }

    public StorageOptions StorageOptions { get; }

    public TokenOptions TokenOptions { get; }

    public int Iterations { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeSecretStore Secrets { get; } = new();

    public TableServiceClient ServiceClient { get; }

    public TableProvider Tables { get; }

    public TableTokenService Tokens { get; }

    public TableUserDirectory Users { get; }

    public TableGroupDirectory Groups { get; }

    public TableNonceStore Nonces { get; }

    public TableBanStore Bans { get; }

    public TableSecondFactorStore SecondFactors { get; }

    public string Prefix => StorageOptions.TablePrefix;

    public TableProvider CreateTables(TableServiceClient client, DependencyHealth? health = null) =>
        new(client, Options.Create(StorageOptions), health ?? new DependencyHealth(Time, NullLogger<DependencyHealth>.Instance), NullLogger<TableProvider>.Instance);

    public TableTokenService CreateTokenService(TableServiceClient client) =>
        new(CreateTables(client), Secrets, Options.Create(TokenOptions), Time, NullLogger<TableTokenService>.Instance);

    public TableGroupDirectory CreateGroupDirectory(TableServiceClient client) =>
        new(CreateTables(client), NullLogger<TableGroupDirectory>.Instance);

    public TableUserDirectory CreateUserDirectory(TableServiceClient client, int? iterations = null) =>
        new(CreateTables(client), new PasswordHasher(iterations ?? Iterations), Hashing, CreateTokenService(client), CreateGroupDirectory(client), Time, NullLogger<TableUserDirectory>.Instance);

    /// <summary>Services on the same tables whose writes stop after <paramref name="writes"/> (a simulated crash).</summary>
    public (TableTokenService Tokens, TableUserDirectory Users, WriteBudget Budget) Crashing(int? writes)
    {
        var budget = new WriteBudget(writes);
        var client = new CrashingTableServiceClient(ServiceClient, budget);
        return (CreateTokenService(client), CreateUserDirectory(client), budget);
    }

    /// <summary>Every entity of a logical table (for assertions on what is at rest).</summary>
    public async Task<List<TableEntity>> ReadAllAsync(string logicalTable)
    {
        var table = await Tables.GetAsync(logicalTable);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
