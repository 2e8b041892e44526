using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Gatehouse.Chain;
using Microsoft.Extensions.Options;

namespace Gatehouse.Plugins;

/// <summary>
/// PORTAL_AUTH parameters (SPEC §5.3), bound from <c>Gatehouse:Plugins:PORTAL_AUTH</c>. The shared secret is
/// not here: it is the Key Vault secret <c>portal-sso-secret</c> (rotation-aware).
/// </summary>
public sealed class PortalAuthenticatorOptions
{
    public const string Section = "Gatehouse:Plugins:" + AuthenticatorNames.Portal;

    /// <summary><c>MD5</c> (Nuxeo's default), <c>SHA</c> or <c>SHA-1</c>, <c>SHA-256</c>, <c>SHA-512</c>; case-insensitive.</summary>
    public string DigestAlgorithm { get; set; } = "MD5";

    /// <summary>Seconds after <c>NX_TS</c> during which a signed request is accepted (Nuxeo's <c>maxAge</c>).</summary>
    [Range(1, 7 * 24 * 3600)]
    public int MaxAge { get; set; } = 3600;

    /// <summary>Seconds a timestamp may be ahead of our clock (Nuxeo accepted any future timestamp).</summary>
    [Range(0, 3600)]
    public int ClockSkew { get; set; } = 60;

    /// <summary>Refuse a <c>(NX_TS, NX_RD, NX_USER)</c> seen before, across instances, within <see cref="MaxAge"/>.</summary>
    public bool ReplayProtection { get; set; } = true;

}

/// <summary>The digests a portal may sign with, by their Java (<c>MessageDigest</c>) names.</summary>
internal enum PortalDigest
{
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

internal static class PortalDigests
{
    public static bool TryParse(string? name, out PortalDigest digest)
    {
        switch (name?.ToUpperInvariant())
        {
            case "MD5":
                digest = PortalDigest.Md5;
                return true;
            case "SHA" or "SHA-1" or "SHA1":
                digest = PortalDigest.Sha1;
                return true;
            case "SHA-256" or "SHA256":
                digest = PortalDigest.Sha256;
                return true;
            case "SHA-512" or "SHA512":
                digest = PortalDigest.Sha512;
                return true;
            default:
                digest = default;
                return false;
        }
    }

    public static int SizeOf(PortalDigest digest) => digest switch
    {
        PortalDigest.Md5 => MD5.HashSizeInBytes,
        PortalDigest.Sha1 => SHA1.HashSizeInBytes,
        PortalDigest.Sha256 => SHA256.HashSizeInBytes,
        _ => SHA512.HashSizeInBytes,
    };

#pragma warning disable CA5350, CA5351 // MD5 and SHA-1 are what Nuxeo portals sign with; the spec requires them for compatibility.
    public static int Hash(PortalDigest digest, ReadOnlySpan<byte> source, Span<byte> destination) => digest switch
    {
        PortalDigest.Md5 => MD5.HashData(source, destination),
        PortalDigest.Sha1 => SHA1.HashData(source, destination),
        PortalDigest.Sha256 => SHA256.HashData(source, destination),
        _ => SHA512.HashData(source, destination),
    };
#pragma warning restore CA5350, CA5351
}

internal sealed class PortalAuthenticatorOptionsValidator : IValidateOptions<PortalAuthenticatorOptions>
{
    private const string Section = PortalAuthenticatorOptions.Section;

    public ValidateOptionsResult Validate(string? name, PortalAuthenticatorOptions options)
    {
        var errors = new List<string>();
        if (!PortalDigests.TryParse(options.DigestAlgorithm, out _))
        {
            errors.Add($"{Section}:DigestAlgorithm: unknown digest '{options.DigestAlgorithm}' (MD5, SHA, SHA-1, SHA-256 or SHA-512).");
        }



        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks the ranges above with generated code.</summary>
[OptionsValidator]
internal sealed partial class PortalAuthenticatorOptionsRanges : IValidateOptions<PortalAuthenticatorOptions>;
