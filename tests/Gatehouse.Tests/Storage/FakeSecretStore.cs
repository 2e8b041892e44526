using System.Security.Cryptography;
using Gatehouse.Secrets;

namespace Gatehouse.Tests.Storage;

/// <summary>An in-memory <see cref="ISecretStore"/> holding the token key; unset = never loaded (throws like the real store).</summary>
internal sealed class FakeSecretStore : ISecretStore
{
    public FakeSecretStore(bool withKey = true)
    {
        if (withKey)
        {
            TokenKey = new SecretSet(NewVersion("v1"), []);
        }
    }

    public SecretSet? TokenKey { get; set; }

    public int Reads { get; private set; }

    public static SecretVersion NewVersion(string version, int bytes = 32) => new(version, Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)));

    /// <summary>A new current version; the old one stays accepted as previous.</summary>
    public void Rotate(string version)
    {
        var current = TokenKey ?? throw new InvalidOperationException("No key to rotate.");
        TokenKey = new SecretSet(NewVersion(version), [current.Current]);
    }

    public ValueTask<SecretSet> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Reads++;
        return name == SecretNames.TokenKey && TokenKey is { } set
            ? ValueTask.FromResult(set)
            : throw new DependencyUnavailableException($"{name} was never loaded.") { Dependency = "key-vault" };
    }
}
