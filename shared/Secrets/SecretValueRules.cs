using System.Buffers.Text;

namespace Gatehouse.Secrets;

/// <summary>
/// What a secret's value must look like to be usable, checked wherever a value enters Gatehouse
/// (configuration at start-up, each Key Vault version as it loads). Reasons never quote the value.
/// </summary>
internal static class SecretValueRules
{
    /// <summary>HMAC-SHA256 wants a key at least as long as its output (SPEC §9).</summary>
    public const int MinimumTokenKeyBytes = 32;

    /// <summary>Null when <paramref name="value"/> is usable as secret <paramref name="name"/>, else why not.</summary>
    public static string? Check(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);

        if (string.Equals(name, SecretNames.TokenKey, StringComparison.OrdinalIgnoreCase)
            && (!Base64.IsValid(value, out var length) || length < MinimumTokenKeyBytes))
        {
            return $"must be base64 of at least {MinimumTokenKeyBytes} bytes";
        }

        return null;
    }
}
