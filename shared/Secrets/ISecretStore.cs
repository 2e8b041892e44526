namespace Gatehouse.Secrets;

/// <summary>
/// Reads secrets (Key Vault, or configuration when no vault is set), cached and refreshed. When a
/// secret has never been loaded it throws <see cref="DependencyUnavailableException"/>, so only the
/// features that need it fail (503); after a successful load, a vault outage keeps the last value.
/// </summary>
public interface ISecretStore
{
    ValueTask<SecretSet> GetAsync(string name, CancellationToken cancellationToken = default);
}
