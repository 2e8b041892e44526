using Gatehouse.Secrets;

namespace Gatehouse.Tests.Fakes;

/// <summary>Secrets held in memory; an unset secret behaves like one never loaded from the vault.</summary>
public sealed class FakeSecretStore : ISecretStore
{
    private readonly Dictionary<string, SecretSet> _secrets = new(StringComparer.Ordinal);

    public bool Unavailable { get; set; }

    public FakeSecretStore Set(string name, string current, params string[] previous)
    {
        _secrets[name] = new SecretSet(new SecretVersion("v-current", current), previous.Select((value, i) => new SecretVersion($"v-{i}", value)).ToList());
        return this;
    }

    public ValueTask<SecretSet> GetAsync(string name, CancellationToken cancellationToken = default) =>
        !Unavailable && _secrets.TryGetValue(name, out var set)
            ? ValueTask.FromResult(set)
            : throw new DependencyUnavailableException($"secret {name} not loaded") { Dependency = "key-vault" };
}
