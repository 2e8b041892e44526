using System.Security.Cryptography;
using Azure.Data.Tables;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// One in-memory Azurite shared by the tests of the <c>Azurite</c> collection. Tests isolate by
/// table-name prefix (<see cref="NewTablePrefix"/>), not by process: starting Azurite costs seconds.
/// </summary>
/// <example>
/// <code>
/// [Collection(AzuriteCollectionDefinition.Name)]
/// public sealed class MyStoreTests(AzuriteFixture azurite)
/// {
///     // azurite.ConnectionString, azurite.NewTablePrefix()
/// }
/// </code>
/// </example>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _process;

    /// <summary>The running instance (stop and restart it for outage tests; data does not survive).</summary>
    public AzuriteProcess Process => _process ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Process.ConnectionString;

    /// <summary>A connection string to a closed loopback port, for outage tests that must not disturb the shared instance.</summary>
    public static string UnreachableConnectionString => AzuriteProcess.UnreachableConnectionString();

    /// <summary>A table-name prefix unique to the caller: letters and digits, starts with a letter (Azure's table-name rules).</summary>
    public static string NewTablePrefix() => "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>A client for the shared instance.</summary>
    public TableServiceClient CreateServiceClient(TableClientOptions? options = null) => new(ConnectionString, options);

    public async Task InitializeAsync() => _process = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
