using Azure.Data.Tables;
using Gatehouse.Secrets;
using Gatehouse.Storage;
using Gatehouse.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Gatehouse.Bench;

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

    public static async Task<string> SeedAsync(HandlerSettings settings, string storage, int count, string tokenFile)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.For(storage).Select(setting => KeyValuePair.Create(setting.Key.Replace("__", ":", StringComparison.Ordinal), (string?)setting.Value)))

            // The handler's storage timeouts are short so an outage answers 503 fast; a bulk load into a busy
            // emulator needs patience instead.
            .AddInMemoryCollection([KeyValuePair.Create("Gatehouse:Storage:NetworkTimeout", (string?)"00:02:00"), KeyValuePair.Create("Gatehouse:Storage:MaxRetries", (string?)"5")])
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production });
        await using var provider = services.AddGatehouse(configuration).BuildServiceProvider();
        var minter = ActivatorUtilities.CreateInstance<TableTokenService>(provider);
        var key = (await provider.GetRequiredService<ISecretStore>().GetAsync(SecretNames.TokenKey)).Current;
        var userKey = TokenInput.UserKey(HandlerSettings.UserName);
        var seededAt = DateTimeOffset.UtcNow;
        var bindings = Enumerable.Range(0, count).Select(i =>
        {
            var minted = minter.Mint(new TokenRequest(HandlerSettings.UserName, "bench", $"device-{i}", null, "rw"), userKey, TokenInput.TripletKey("bench", $"device-{i}"), key);

            // As if each token had been used once: the measured runs then read only, never write lastUsed.
            minted.HashRow[TableTokenService.Columns.LastUsed] = seededAt;
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
        return tokenFile;
    }
}
