using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>How the double answers while <see cref="KeyVaultDouble.Outage"/> is set.</summary>
public enum KeyVaultOutage
{
    None,

    /// <summary>503 with a Key Vault error body.</summary>
    ServiceUnavailable,

    /// <summary>The connection is dropped without a response.</summary>
    ClosedConnection,
}

/// <summary>
/// A Key Vault protocol double (SPEC §3): HTTPS Kestrel on 127.0.0.1 with a self-signed certificate made
/// here, serving the secrets REST API (<c>GET /secrets/{name}</c>, <c>/secrets/{name}/{version}</c>,
/// <c>/secrets/{name}/versions</c> with <c>nextLink</c> paging) in Key Vault's JSON shapes. Requests
/// without the expected bearer token get Key Vault's 401 challenge, so the real
/// <see cref="SecretClient"/> runs its challenge flow. Versions can be added, disabled and deleted, the
/// vault can be taken down, and every request is counted.
/// </summary>
public sealed partial class KeyVaultDouble : IAsyncDisposable
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string Resource = "https://vault.azure.net";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<StoredVersion>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<RecordedRequest> _requests = [];
    private readonly TimeProvider _time;
    private readonly WebApplication _app;
    private readonly byte[] _certificateHash;
    private KeyVaultOutage _outage;

    private KeyVaultDouble(WebApplication app, X509Certificate2 certificate, TimeProvider time)
    {
        _app = app;
        _time = time;
        Certificate = certificate;
        _certificateHash = certificate.GetCertHash(HashAlgorithmName.SHA256);
    }

    /// <summary>The bearer token the vault accepts; <see cref="KeyVaultFakeCredential"/> hands it out.</summary>
    public string AcceptedToken { get; } = "kv-double-" + Guid.NewGuid().ToString("N");

    public X509Certificate2 Certificate { get; }

    public Uri VaultUri { get; private set; } = null!;

    /// <summary>Versions per page of <c>/versions</c> (Key Vault's <c>maxresults</c> default is 25).</summary>
    public int PageSize { get; set; } = 25;

    public KeyVaultOutage Outage
    {
        get { lock (_gate) { return _outage; } }
        set { lock (_gate) { _outage = value; } }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    /// <summary>Requests that reached the secrets API with a valid token (not challenges, not outages).</summary>
    public int ServedCount(string pathPrefix) =>
        Requests.Count(r => r.Status == 200 && r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts the double: HTTPS on a free port of 127.0.0.1. Creation dates come from <paramref name="time"/>.</summary>
    public static async Task<KeyVaultDouble> StartAsync(TimeProvider? time = null)
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var vault = new KeyVaultDouble(app, certificate, time ?? TimeProvider.System);
        app.Run(vault.HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        vault.VaultUri = new Uri($"https://127.0.0.1:{address.Port}/");
        return vault;
    }

    /// <summary>
    /// Client options that reach this double: its certificate pinned by SHA-256 hash (nothing else is
    /// trusted), challenge resource verification off (the resource is vault.azure.net, the host is
    /// 127.0.0.1), and quick retries so outage tests do not wait for the SDK's back-off.
    /// </summary>
    public SecretClientOptions CreateClientOptions()
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = IsPinnedCertificate },
        };
        var options = new SecretClientOptions
        {
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(handler),
        };
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    public SecretClient CreateClient(TokenCredential credential) => new(VaultUri, credential, CreateClientOptions());

    public KeyVaultFakeCredential CreateCredential() => new(AcceptedToken);

    /// <summary>Adds a version, which becomes the current one; returns its version id.</summary>
    public string SetSecret(string name, string value, DateTimeOffset? created = null, bool enabled = true, DateTimeOffset? expires = null)
    {
        var version = Guid.NewGuid().ToString("N");
        var createdOn = created ?? _time.GetUtcNow();
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var versions))
            {
                _secrets[name] = versions = [];
            }

            versions.Add(new StoredVersion(version, value, enabled, createdOn, createdOn, expires));
        }

        return version;
    }

    public void DisableVersion(string name, string version)
    {
        lock (_gate)
        {
            var versions = _secrets[name];
            var index = versions.FindIndex(v => v.Version == version);
            versions[index] = versions[index] with { Enabled = false, Updated = _time.GetUtcNow() };
        }
    }

    public void DeleteSecret(string name)
    {
        lock (_gate)
        {
            _secrets.Remove(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        // A PKCS#12 round trip gives Kestrel a certificate whose private key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    private bool IsPinnedCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null
        && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), _certificateHash);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var authenticated = string.Equals(authorization, "Bearer " + AcceptedToken, StringComparison.Ordinal);
        var apiVersion = request.Query["api-version"].ToString();
        KeyVaultOutage outage;
        (int Status, JsonObject Body) answer;
        lock (_gate)
        {
            outage = _outage;
            answer = outage != KeyVaultOutage.None ? (503, Error("ServiceUnavailable", "The vault is unavailable."))
                : !authenticated ? (401, Error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."))
                : !SupportedApiVersion().IsMatch(apiVersion) ? (400, Error("BadParameter", $"The specified version ({apiVersion}) is not recognized."))
                : request.Method != HttpMethods.Get ? (405, Error("MethodNotAllowed", "Only GET is served by this double."))
                : Route(request);
            _requests.Add(new RecordedRequest(request.Method, request.Path.Value ?? "", apiVersion, authenticated, outage == KeyVaultOutage.ClosedConnection ? 0 : answer.Status));
        }

        if (outage == KeyVaultOutage.ClosedConnection)
        {
            context.Abort();
            return;
        }

        if (answer.Status == 401)
        {
            context.Response.Headers.WWWAuthenticate =
                $"Bearer authorization=\"https://login.microsoftonline.com/{Tenant}\", resource=\"{Resource}\"";
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.Body.ToJsonString());
    }

    /// <summary>Answers one authenticated GET; called under the lock.</summary>
    private (int Status, JsonObject Body) Route(HttpRequest request)
    {
        var segments = (request.Path.Value ?? "").Trim('/').Split('/');
        if (segments.Length is < 2 or > 3 || segments[0] != "secrets")
        {
            return (404, Error("NotFound", "Unknown path."));
        }

        if (!_secrets.TryGetValue(segments[1], out var versions) || versions.Count == 0)
        {
            return (404, Error("SecretNotFound", $"A secret with (name/id) {segments[1]} was not found in this key vault."));
        }

        var name = segments[1];
        if (segments.Length == 3 && segments[2] == "versions")
        {
            return (200, ListVersions(name, versions, request));
        }

        var version = segments.Length == 3 ? versions.Find(v => v.Version == segments[2]) : versions[^1];
        if (version is null)
        {
            return (404, Error("SecretNotFound", $"A secret with (name/id) {name}/{segments[2]} was not found in this key vault."));
        }

        if (!version.Enabled)
        {
            var error = Error("Forbidden", "Operation get is not allowed on a disabled secret.");
            error["error"]!["innererror"] = new JsonObject { ["code"] = "SecretDisabled" };
            return (403, error);
        }

        var body = Properties(name, version);
        body["value"] = version.Value;
        return (200, body);
    }

    private JsonObject ListVersions(string name, List<StoredVersion> versions, HttpRequest request)
    {
        var skip = int.TryParse(request.Query["$skiptoken"], CultureInfo.InvariantCulture, out var token) ? token : 0;
        var page = new JsonArray([.. versions.Skip(skip).Take(PageSize).Select(v => Properties(name, v))]);
        var next = skip + PageSize;
        return new JsonObject
        {
            ["value"] = page,
            ["nextLink"] = next < versions.Count
                ? $"{VaultUri}secrets/{name}/versions?api-version={request.Query["api-version"]}&$skiptoken={next}&maxresults={PageSize}"
                : null,
        };
    }

    private JsonObject Properties(string name, StoredVersion version)
    {
        var attributes = new JsonObject
        {
            ["enabled"] = version.Enabled,
            ["created"] = version.Created.ToUnixTimeSeconds(),
            ["updated"] = version.Updated.ToUnixTimeSeconds(),
            ["recoveryLevel"] = "Recoverable+Purgeable",
            ["recoverableDays"] = 90,
        };
        if (version.Expires is { } expires)
        {
            attributes["exp"] = expires.ToUnixTimeSeconds();
        }

        return new JsonObject
        {
            ["id"] = $"{VaultUri}secrets/{name}/{version.Version}",
            ["attributes"] = attributes,
            ["tags"] = new JsonObject(),
        };
    }

    /// <summary>Key Vault's API versions: 7.0 to 7.6 (with previews), then dated ones.</summary>
    [GeneratedRegex(@"^(7\.[0-6](-preview(\.\d+)?)?|\d{4}-\d{2}-\d{2}(-preview)?)$")]
    private static partial Regex SupportedApiVersion();

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private sealed record StoredVersion(string Version, string Value, bool Enabled, DateTimeOffset Created, DateTimeOffset Updated, DateTimeOffset? Expires);
}

/// <summary>One request the double saw; <see cref="Status"/> is 0 when the connection was dropped.</summary>
public sealed record RecordedRequest(string Method, string Path, string ApiVersion, bool Authenticated, int Status);
