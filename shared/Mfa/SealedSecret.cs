namespace Gatehouse.Mfa;

/// <summary>
/// A TOTP secret as stored: AES-256-GCM ciphertext (<see cref="Value"/>: base64 of nonce, ciphertext and tag) under
/// the <c>mfa-key</c> version <see cref="KeyVersion"/>.
/// </summary>
internal sealed record SealedSecret(string KeyVersion, string Value);
