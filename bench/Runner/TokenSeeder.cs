using Gatehouse.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Gatehouse.Bench;

/// <summary>
/// Seeds token bindings through the library's own token service (same schema, same keys as the handler),
/// in parallel, and writes the tokens as header lines for <c>bench/headers.lua</c>.
/// </summary>
internal static class TokenSeeder
{
    private const int Parallelism = 32;

    public static async Task<string> SeedAsync(HandlerSettings settings, string storage, int count, string tokenFile)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.For(storage).Select(setting => KeyValuePair.Create(setting.Key.Replace("__", ":", StringComparison.Ordinal), (string?)setting.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production });
        await using var provider = services.AddGatehouse(configuration).BuildServiceProvider();
        var tokens = provider.GetRequiredService<ITokenService>();

        var issued = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, cancellationToken) =>
        {
            var token = await tokens.AcquireAsync(new TokenRequest(HandlerSettings.UserName, "bench", $"device-{i}", null, "rw"), cancellationToken);

            // A token's first use writes lastUsed: using each once here keeps the measured runs read-only.
            await tokens.ValidateAsync(token.Token, cancellationToken);
            issued[i] = token.Token;
        });

        await File.WriteAllLinesAsync(tokenFile, issued.Select(token => "X-Authentication-Token: " + token));
        return tokenFile;
    }
}
