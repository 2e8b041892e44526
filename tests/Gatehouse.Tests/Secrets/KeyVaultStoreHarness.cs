using Gatehouse.Secrets;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Tests.Secrets;

/// <summary>A <see cref="KeyVaultSecretStore"/> over the real SecretClient and a <see cref="KeyVaultDouble"/>, on a fake clock.</summary>
internal sealed class KeyVaultStoreHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    private KeyVaultStoreHarness(KeyVaultDouble vault, FakeTimeProvider time, KeyVaultSecretStoreOptions options)
    {
        Vault = vault;
        Time = time;
        Options = options;
        Credential = vault.CreateCredential();
        Store = new KeyVaultSecretStore(vault.CreateClient(Credential), Microsoft.Extensions.Options.Options.Create(options), new DependencyHealth(time, Logs.CreateLogger<DependencyHealth>()), time, Logs.CreateLogger<KeyVaultSecretStore>());
    }

    public KeyVaultDouble Vault { get; }

    public FakeTimeProvider Time { get; }

    public KeyVaultSecretStoreOptions Options { get; }

    public KeyVaultFakeCredential Credential { get; }

    public KeyVaultSecretStore Store { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public static async Task<KeyVaultStoreHarness> StartAsync(TimeSpan? refreshInterval = null, TimeSpan? rotationOverlap = null)
    {
        var time = new FakeTimeProvider(Start);
        var options = new KeyVaultSecretStoreOptions();
        options.RefreshInterval = refreshInterval ?? options.RefreshInterval;
        options.RotationOverlap = rotationOverlap ?? options.RotationOverlap;
        var vault = await KeyVaultDouble.StartAsync(time);
        options.Uri = vault.VaultUri;
        return new KeyVaultStoreHarness(vault, time, options);
    }

    /// <summary>Reads of the current version (<c>GET /secrets/{name}</c>) the vault served.</summary>
    public int CurrentReads(string name) => Vault.Requests.Count(r => r.Status == 200 && r.Path == $"/secrets/{name}");

    /// <summary>Reads of one version by id (<c>GET /secrets/{name}/{version}</c>) the vault served.</summary>
    public int VersionReads(string name) => Vault.Requests.Count(r =>
        r.Status == 200 && r.Path.StartsWith($"/secrets/{name}/", StringComparison.Ordinal) && !r.Path.EndsWith("/versions", StringComparison.Ordinal));

    /// <summary>Pages of <c>GET /secrets/{name}/versions</c> the vault served.</summary>
    public int ListPages(string name) => Vault.Requests.Count(r => r.Status == 200 && r.Path == $"/secrets/{name}/versions");

    /// <summary>Waits for the background refresh a stale read started.</summary>
    public Task RefreshedAsync(string name) => Store.PendingLoad(name);

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await Vault.DisposeAsync();
    }
}
