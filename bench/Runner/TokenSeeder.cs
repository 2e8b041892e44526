using System.Security.Cryptography;
using Azure.Data.Tables;
using Gatehouse.Secrets;
using Gatehouse.Storage;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Bench;

/// <summary>Seeded bindings: their tokens as header lines for wrk, and the keys of their hash rows.</summary>
internal sealed record SeededSet(string TokenFile, IReadOnlyList<(string PartitionKey, string RowKey)> HashRows);

/// <summary>
/// Seeds token bindings minted by the library's own token service (same schema, keys and rows as a handshake), but
/// written in bulk: hash rows in parallel, binding rows (one partition: the bench user) in 100-row transactions.
/// A handshake per binding would take Azurite a quarter of an hour for 100,000. Writes are upserts into fresh
/// tables: the same rows as adds, and harmless when the storage client retries a write that timed out but landed.
/// </summary>
internal static class TokenSeeder
{
    private const int Parallelism = 16;
    private const int TransactionSize = 100;
    private const int TransactionParallelism = 2;
    private const int BindingsPerUser = 1_000;

    public static async Task<SeededSet> SeedAsync(HandlerSettings settings, string storage, int count, string tokenFile)
    {
        // The handler's storage timeouts are short so an outage answers 503 fast; a bulk load into a busy emulator
        // needs patience instead. The seeded users only ever present tokens: their random passwords need no costly hash.
        await using var provider = LibraryStack.Build(
            settings,
            storage,
            KeyValuePair.Create("Gatehouse:Storage:NetworkTimeout", (string?)"00:02:00"),
            KeyValuePair.Create("Gatehouse:Storage:MaxRetries", (string?)"5"),
            KeyValuePair.Create("Gatehouse:Users:PasswordIterations", (string?)"1000"),
            KeyValuePair.Create("Gatehouse:Users:AllowWeakPasswordHashing", (string?)"true"));
        var minter = ActivatorUtilities.CreateInstance<TableTokenService>(provider);
        var key = (await new TokenKeyRing(provider.GetRequiredService<ISecretStore>()).LoadAsync()).Current;
        var users = await CreateUsersAsync(provider.GetRequiredService<IUserDirectory>(), count);
        var seededAt = DateTimeOffset.UtcNow;
        var bindings = Enumerable.Range(0, count).Select(i =>
        {
            var user = users[i / BindingsPerUser];
            var minted = minter.Mint(new TokenRequest(user, "bench", $"device-{i}", null, "rw"), TokenInput.UserKey(user), TokenInput.TripletKey("bench", $"device-{i}"), key);

            // As if each token had been used once: the measured runs then read only, never write lastUsed.
            minted.HashRow[TokenRows.Columns.LastUsed] = seededAt;
            return minted;
        }).ToArray();

        var tables = provider.GetRequiredService<TableProvider>();
        var hashes = await tables.GetAsync(TableNames.TokenHashes);
        await Parallel.ForEachAsync(bindings, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (binding, cancellationToken) =>
            await hashes.UpsertEntityAsync(binding.HashRow, TableUpdateMode.Replace, cancellationToken));
        var bindingTable = await tables.GetAsync(TableNames.TokenBindings);
        await Parallel.ForEachAsync(bindings.Chunk(TransactionSize), new ParallelOptions { MaxDegreeOfParallelism = TransactionParallelism }, async (chunk, cancellationToken) =>
            await bindingTable.SubmitTransactionAsync(chunk.Select(binding => new TableTransactionAction(TableTransactionActionType.UpsertReplace, binding.BindingRow)), cancellationToken));

        await File.WriteAllLinesAsync(tokenFile, bindings.Select(binding => "X-Authentication-Token: " + binding.Issued.Token));
        return new SeededSet(tokenFile, bindings.Select(binding => (binding.HashRow.PartitionKey, binding.HashRow.RowKey)).ToArray());
    }

    /// <summary>
    /// The owners of the bindings, at most <see cref="BindingsPerUser"/> each: the bootstrap user, then seeded ones.
    /// One user with 100,000 devices is not what a directory looks like, and Azurite's lookups scan a partition.
    /// </summary>
    private static async Task<string[]> CreateUsersAsync(IUserDirectory directory, int bindings)
    {
        var names = Enumerable.Range(0, (bindings + BindingsPerUser - 1) / BindingsPerUser)
            .Select(i => i == 0 ? HandlerSettings.UserName : $"{HandlerSettings.UserName}-{i}")
            .ToArray();
        await Parallel.ForEachAsync(names.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (name, cancellationToken) =>
            await directory.CreateAsync(new NewUser(name, Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)), Email: null, Groups: []), cancellationToken));
        return names;
    }
}
