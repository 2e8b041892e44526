using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace Gatehouse.Mfa;

/// <summary>
/// RFC 6238 as authenticator apps implement it: HMAC-SHA1, six digits, 30-second steps, a step being the HOTP
/// counter (RFC 4226) <c>floor(unix time / 30)</c>. Replay protection works on steps: a user's last accepted step is
/// stored, and only later steps are accepted after it.
/// </summary>
internal static class TotpCodes
{
    public const int Period = 30;

    public const int Digits = 6;

    /// <summary>160 bits: RFC 4226 §4's recommended length, and what authenticator apps expect for SHA-1.</summary>
    public const int SecretBytes = 20;

    /// <summary>The step <paramref name="time"/> falls in.</summary>
    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / Period;

    /// <summary>The code of <paramref name="step"/> (tests and enrolment checks compute what an app would show).</summary>
    public static string Compute(byte[] secret, long step) => new Hotp(secret, OtpHashMode.Sha1, Digits).ComputeHOTP(step);

    /// <summary>Six ASCII digits: the shape of a code (spaces already taken out).</summary>
    public static bool IsCode(string text) => text.Length == Digits && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>
    /// The step within <paramref name="window"/> steps of <paramref name="now"/> whose code is <paramref name="code"/>,
    /// the latest if several match, or null. Every candidate is computed and compared in constant time: how long a
    /// check takes says nothing about which step, or how many digits, matched.
    /// </summary>
    public static long? Match(byte[] secret, string code, long now, int window)
    {
        ArgumentNullException.ThrowIfNull(code);
        var hotp = new Hotp(secret, OtpHashMode.Sha1, Digits);
        Span<byte> given = stackalloc byte[Digits];
        var shaped = IsCode(code) && Encoding.ASCII.GetBytes(code, given) == Digits;
        Span<byte> expected = stackalloc byte[Digits];
        long? matched = null;
        for (var step = now - window; step <= now + window; step++)
        {
            Encoding.ASCII.GetBytes(hotp.ComputeHOTP(step), expected);
            if (CryptographicOperations.FixedTimeEquals(expected, given) & shaped)
            {
                matched = step;
            }
        }

        return matched;
    }
}
