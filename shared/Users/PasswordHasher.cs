using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gatehouse.Users;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashes (SPEC §10), self-describing so the cost can be raised later:
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 key&gt;</c> with a 16-byte random
/// salt and a 32-byte key. Comparison is constant-time; <see cref="VerifyDummy"/> spends the same
/// work for an unknown login so timing does not tell which logins exist.
/// </summary>
internal sealed class PasswordHasher
{
    public const string Algorithm = "pbkdf2-sha256";

    /// <summary>Upper bound on iterations read from a stored hash: a tampered row must not pin a CPU.</summary>
    public const int MaxIterations = 10_000_000;

    private const int SaltBytes = 16;
    private const int KeyBytes = 32;
    private const char Separator = '$';

    private readonly Lazy<string> _dummyHash;

    public PasswordHasher(IOptions<UserDirectoryOptions> options)
        : this(options?.Value.PasswordIterations ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    public PasswordHasher(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        Iterations = iterations;
        _dummyHash = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SaltBytes))));
    }

    /// <summary>The iterations new hashes get.</summary>
    public int Iterations { get; }

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Derive(password, salt, Iterations, KeyBytes);
        return string.Join(
            Separator,
            Algorithm,
            Iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt),
            Convert.ToBase64String(key));
    }

    /// <summary>True when <paramref name="password"/> matches; false for a wrong password or a malformed hash.</summary>
    public static bool Verify(string password, string? encodedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(encodedHash, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends one verification's work on nothing: the unknown-login path (SPEC §5.1).</summary>
    public void VerifyDummy(string? password) => Verify(password ?? string.Empty, _dummyHash.Value);

    /// <summary>True when the hash was made with other parameters than today's (fewer iterations, another format).</summary>
    public bool NeedsRehash(string? encodedHash) =>
        !TryParse(encodedHash, out var iterations, out var salt, out var key) ||
        iterations < Iterations ||
        salt.Length < SaltBytes ||
        key.Length != KeyBytes;

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string? encodedHash, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = [];
        key = [];
        var parts = encodedHash?.Split(Separator);
        if (parts is not { Length: 4 } ||
            !string.Equals(parts[0], Algorithm, StringComparison.Ordinal) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) ||
            iterations is < 1 or > MaxIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            key = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length is >= 8 and <= 64 && key.Length is >= 16 and <= 64;
    }
}
