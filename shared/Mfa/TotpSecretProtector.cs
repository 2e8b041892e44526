using System.Security.Cryptography;
using System.Text;
using Gatehouse.Secrets;

namespace Gatehouse.Mfa;

/// <summary>
/// Encrypts TOTP secrets at rest (SPEC §12) with AES-256-GCM: a random 96-bit nonce per sealing, and the user's
/// lower-case name as associated data, so a row copied onto another user's does not open. The key is derived with
/// HKDF-SHA256 from the <c>mfa-key</c> secret, taken as text: HKDF's extract step is made for input that is not a
/// uniform key, so the secret's base64 need not be decoded, and the fixed <see cref="Purpose"/> keeps this key apart
/// from anything else ever derived from the same secret.
/// </summary>
/// <remarks>
/// Rotation as with <c>token-key</c>: new secrets are sealed under the current version; a stored one opens with the
/// version it names, else with any accepted version (configuration names versions by position, <c>config</c> and
/// <c>config-previous</c>, not by value; GCM's tag tells a wrong key at once). A secret whose version has left the
/// rotation overlap no longer opens: the service reseals under the current version each time a code is accepted.
/// </remarks>
internal sealed class TotpSecretProtector(ISecretStore secrets)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int KeyBytes = 32;
    private static readonly byte[] Purpose = "gatehouse mfa totp-secret v1"u8.ToArray();

    /// <summary>Seals <paramref name="secret"/> for <paramref name="userName"/> under the current key version.</summary>
    public async ValueTask<SealedSecret> SealAsync(string userName, byte[] secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var current = (await LoadAsync(cancellationToken)).Current;
        var sealedBytes = new byte[NonceBytes + secret.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(DeriveKey(current), TagBytes))
        {
            aes.Encrypt(nonce, secret, sealedBytes.AsSpan(NonceBytes, secret.Length), sealedBytes.AsSpan(NonceBytes + secret.Length), AssociatedData(userName));
        }

        return new SealedSecret(current.Version, Convert.ToBase64String(sealedBytes));
    }

    /// <summary>
    /// The secret sealed for <paramref name="userName"/>, and whether its version is the current one; null when no
    /// accepted key version opens it (a retired version, another user's row, or altered bytes).
    /// </summary>
    public async ValueTask<(byte[] Secret, bool IsCurrent)?> OpenAsync(string userName, SealedSecret stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var set = await LoadAsync(cancellationToken);
        var sealedBytes = new byte[(stored.Value.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(stored.Value, sealedBytes, out var length) || length < NonceBytes + TagBytes)
        {
            return null;
        }

        var named = set.Find(stored.KeyVersion);
        var candidates = named is null ? set.Accepted : set.Accepted.Where(version => version != named).Prepend(named);
        foreach (var version in candidates)
        {
            if (TryOpen(version, userName, sealedBytes.AsSpan(0, length)) is { } secret)
            {
                return (secret, ReferenceEquals(version, set.Current));
            }
        }

        return null;
    }

    private static byte[]? TryOpen(SecretVersion version, string userName, ReadOnlySpan<byte> sealedBytes)
    {
        var secret = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(DeriveKey(version), TagBytes);
        try
        {
            aes.Decrypt(sealedBytes[..NonceBytes], sealedBytes.Slice(NonceBytes, secret.Length), sealedBytes[(NonceBytes + secret.Length)..], secret, AssociatedData(userName));
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] DeriveKey(SecretVersion version) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(version.Value), KeyBytes, salt: [], info: Purpose);

    private static byte[] AssociatedData(string userName)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        return Encoding.UTF8.GetBytes(userName.ToLowerInvariant());
    }

    private async ValueTask<SecretSet> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.GetAsync(SecretNames.MfaKey, cancellationToken);
        }
        catch (Exception ex) when (ex is not DependencyUnavailableException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            throw new DependencyUnavailableException($"The {SecretNames.MfaKey} secret is unavailable: second factors cannot be checked.", ex) { Dependency = "secrets" };
        }
    }
}
