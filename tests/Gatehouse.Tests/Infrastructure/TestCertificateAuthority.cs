using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// A certificate authority of one test run, as PEM files in a folder of its own: its certificate (what a gateway is
/// told to trust) and the server certificates it issues. Made with <see cref="CertificateRequest"/>, so the tests
/// need no openssl; nginx (OpenSSL) and Kestrel read the files as they would an operator's.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private readonly X509Certificate2 _certificate;

    private TestCertificateAuthority(X509Certificate2 certificate, string directory)
    {
        _certificate = certificate;
        Directory = directory;
        CertificatePath = Path.Combine(directory, "ca.crt");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
    }

    /// <summary>The folder holding every file this authority wrote; deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>The authority's own certificate, PEM: the trusted-CA file of whoever should trust it.</summary>
    public string CertificatePath { get; }

    public static TestCertificateAuthority Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return new TestCertificateAuthority(certificate, System.IO.Directory.CreateTempSubdirectory("gatehouse-ca-").FullName);
    }

    /// <summary>
    /// Issues a TLS server certificate for <c>localhost</c> and <c>127.0.0.1</c>; writes it and its unencrypted key as
    /// PEM (<c>Kestrel:Certificates:Default:Path</c> and <c>:KeyPath</c>) and returns both paths.
    /// </summary>
    public (string CertificatePath, string KeyPath) IssueLoopbackServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        // Within the authority's own validity, which Create insists on.
        using var certificate = request.Create(_certificate, _certificate.NotBefore, _certificate.NotAfter, RandomNumberGenerator.GetBytes(16));

        var certificatePath = Path.Combine(Directory, "server.crt");
        var keyPath = Path.Combine(Directory, "server.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (certificatePath, keyPath);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
