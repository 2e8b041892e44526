using System.Buffers.Text;

namespace Gatehouse.Secrets;

/// <summary>
/// What a secret's value must look like to be usable, checked wherever a value enters Gatehouse
/// (configuration at start-up, each Key Vault version as it loads). Reasons never quote the value.
/// </summary>
internal static class SecretValueRules
{
    /// <summary>HMAC-SHA256 wants a key at least as long as its output (SPEC §9); AES-256, the second factor's, as long as itself.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>Null when <paramref name="value"/> is usable as secret <paramref name="name"/>, else why not.</summary>
    public static string? Check(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);

        if (IsKey(name) && (!Base64.IsValid(value, out var length) || length < MinimumKeyBytes))
        {
            return $"must be base64 of at least {MinimumKeyBytes} bytes";
        }

        return null;
    }

    private static bool IsKey(string name) =>
        string.Equals(name, SecretNames.TokenKey, StringComparison.OrdinalIgnoreCase) || string.Equals(name, SecretNames.MfaKey, StringComparison.OrdinalIgnoreCase);
}
