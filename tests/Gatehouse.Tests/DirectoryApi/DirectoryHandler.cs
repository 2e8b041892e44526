using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Performance;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Tests.DirectoryApi;

/// <summary>
/// The standalone pipeline in process (<see cref="InProcessHandler"/>) with the directory, groups and tokens on the
/// shared Azurite (a fresh table prefix each), the caches and the chain as the app layers them, and a bootstrap
/// administrator created at the first request.
/// </summary>
internal sealed class DirectoryHandler : IAsyncDisposable
{
    public const string Admin = "admin";
    public const string AdminEmail = "admin@example.test";

    private readonly InProcessHandler _handler;

    private DirectoryHandler(InProcessHandler handler, StorageTestContext storage, TestServices fakes, string adminPassword)
    {
        _handler = handler;
        Storage = storage;
        Fakes = fakes;
        AdminPassword = adminPassword;
        Client = handler.CreateClient();
    }

    public StorageTestContext Storage { get; }

    /// <summary>The fakes under the Azurite stores: the clock, secrets, nonces, bans, second factors and the feed.</summary>
    public TestServices Fakes { get; }

    public string AdminPassword { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _handler.Services;

    public AuthenticationHeaderValue AdminBasic => Basic(Admin, AdminPassword);

    public static async Task<DirectoryHandler> StartAsync(AzuriteFixture azurite, params string[] settings)
    {
        var storage = new StorageTestContext(azurite);
        var fakes = TestServices.Create();
        fakes.Secrets.Set(Gatehouse.Secrets.SecretNames.MfaKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var password = "Adm-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var handler = await InProcessHandler.StartAsync(
            fakes,
            DiscardingLoggerProvider.UseInstead,
            services =>
            {
                services.AddSingleton<IUserDirectory>(storage.Users);
                services.AddSingleton<IGroupDirectory>(storage.Groups);
                services.AddSingleton<ITokenService>(storage.Tokens);
            },
            null,
            [$"Gatehouse:Bootstrap:UserName={Admin}", $"Gatehouse:Bootstrap:Password={password}", $"Gatehouse:Bootstrap:Email={AdminEmail}", .. settings]);
        return new DirectoryHandler(handler, storage, fakes, password);
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    public static string NewName(string prefix) => prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    /// <summary>A password the default policy accepts.</summary>
    public static string NewPassword() => "Pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? authorization, string? json = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Headers = { Authorization = authorization } };
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Creates a user as an administrator would, asserting 201.</summary>
    public async Task<JsonElement> CreateUserAsync(string name, string password, string? email = null, params string[] groups)
    {
        var properties = new Dictionary<string, object?> { ["username"] = name, ["password"] = password, ["email"] = email, ["firstName"] = "First " + name, ["lastName"] = "Last", ["groups"] = groups };
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/user", AdminBasic, JsonSerializer.Serialize(new Dictionary<string, object?> { ["entity-type"] = "user", ["properties"] = properties }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await JsonAsync(response);
    }

    /// <summary>Creates a group as an administrator would, asserting 201.</summary>
    public async Task CreateGroupAsync(string name, string[]? memberUsers = null, string[]? memberGroups = null)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object?> { ["entity-type"] = "group", ["groupname"] = name, ["grouplabel"] = "Label " + name, ["memberUsers"] = memberUsers, ["memberGroups"] = memberGroups });
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/group", AdminBasic, body);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Asserts Nuxeo's exception entity with <paramref name="status"/>, and returns its message.</summary>
    public static async Task<string> ExceptionAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("exception", body.GetProperty("entity-type").GetString());
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        return body.GetProperty("message").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _handler.DisposeAsync();
        Fakes.Dispose();
    }
}
