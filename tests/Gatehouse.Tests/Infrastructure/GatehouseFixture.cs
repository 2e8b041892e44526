using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// A running Gatehouse for end-to-end tests: its own Azurite and the published app in its hosting mode, with a
/// production environment and a generated bootstrap administrator.
/// </summary>
public class GatehouseFixture : IAsyncLifetime
{
    public const string AdminUser = "admin";
    public const string AdminEmail = "admin@example.test";

    private AzuriteProcess? _azurite;
    private IServedApp? _handler;

    /// <summary>The bootstrap administrator's password: generated per fixture, so a log search for it is meaningful.</summary>
    public string AdminPassword { get; } = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("not started");

    /// <summary>The published app under test.</summary>
    public IServedApp Handler => _handler ?? throw new InvalidOperationException("not started");

    /// <summary>How the app is run: the worker under the Functions host double unless a fixture says otherwise.</summary>
    public virtual HostingMode Mode => HostingMode.Worker;

    /// <summary>
    /// A known route asked with a method it does not take: 405 + <c>Allow</c> standalone (ASP.NET Core routing);
    /// 404 under the Functions host, whose route table treats the method as part of the match.
    /// </summary>
    public HttpStatusCode WrongMethodStatus => Mode == HostingMode.Worker ? HttpStatusCode.NotFound : HttpStatusCode.MethodNotAllowed;

    public HttpClient Client => Handler.Client;

    /// <summary>Standalone only: a port where the app also serves TLS (its certificate set in <see cref="Environment"/>); none by default.</summary>
    protected virtual int? HttpsPort => null;

    public virtual async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _handler = await GatehouseProcess.StartAsync(Environment(_azurite.ConnectionString), Mode, HttpsPort);
    }

    public virtual async Task DisposeAsync()
    {
        if (_handler is not null)
        {
            await _handler.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>The handler's settings, as app settings would give them; subclasses add their own.</summary>
    protected virtual Dictionary<string, string> Environment(string storageConnectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Gatehouse__Storage__ConnectionString"] = storageConnectionString,
        ["Gatehouse__Bootstrap__UserName"] = AdminUser,
        ["Gatehouse__Bootstrap__Password"] = AdminPassword,
        ["Gatehouse__Bootstrap__Email"] = AdminEmail,
        ["Gatehouse__Secrets__token-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Gatehouse__Secrets__mfa-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Gatehouse__Secrets__portal-sso-secret"] = "portal-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
    };

    public AuthenticationHeaderValue AdminBasic() => Basic(AdminUser, AdminPassword);

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    /// <summary>
    /// Asks the authorizer about <paramref name="method"/> <paramref name="uri"/> the way the shipped nginx recipe
    /// does (the default original-request source): <c>GET /authorize</c> with <c>X-Original-Method</c>/<c>-URI</c>.
    /// </summary>
    public Task<HttpResponseMessage> AuthorizeAsync(string method, string uri, params (string Name, string Value)[] headers) =>
        GetAsync("/authorize", null, [("X-Original-Method", method), ("X-Original-URI", uri), .. FunctionKeyHeader, .. headers]);

    /// <summary>The <c>x-functions-key</c> header a gateway sends to <c>authorize</c>, when a host checks keys.</summary>
    public (string Name, string Value)[] FunctionKeyHeader => Handler.FunctionKey is { } key ? [("x-functions-key", key)] : [];

    /// <summary>Sends a GET with optional Basic credentials and extra headers.</summary>
    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, AuthenticationHeaderValue? authorization = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery) { Headers = { Authorization = authorization } };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }
}

/// <summary>A Gatehouse run standalone, for the tests that must also hold beside a gateway as a sidecar.</summary>
public sealed class StandaloneGatehouseFixture : GatehouseFixture
{
    public override HostingMode Mode => HostingMode.Standalone;
}
