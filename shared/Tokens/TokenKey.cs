using Gatehouse.Secrets;

namespace Gatehouse.Tokens;

/// <summary>One version of the token key, decoded: what <see cref="TokenFormat.Derive"/> takes.</summary>
internal sealed class TokenKey
{
    /// <summary>HMAC-SHA256 keys shorter than its output would weaken it.</summary>
    public const int MinimumBytes = 32;

    private TokenKey(string version, byte[] bytes)
    {
        Version = version;
        Bytes = bytes;
    }

    /// <summary>The secret's version id, stored with each binding its token was derived under.</summary>
    public string Version { get; }

    public byte[] Bytes { get; }

    /// <summary>The key <paramref name="version"/> holds, or null when it is not base64 of at least <see cref="MinimumBytes"/> bytes.</summary>
    public static TokenKey? Decode(SecretVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var buffer = new byte[((version.Value?.Length ?? 0) * 3 / 4) + 3];
        if (version.Value is null || !Convert.TryFromBase64String(version.Value, buffer, out var written) || written < MinimumBytes)
        {
            return null;
        }

        return new TokenKey(version.Version, buffer[..written]);
    }
}
