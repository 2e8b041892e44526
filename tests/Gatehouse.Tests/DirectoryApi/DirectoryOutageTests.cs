using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Performance;

namespace Gatehouse.Tests.DirectoryApi;

/// <summary>An outage under the directory API is 503 + <c>Retry-After</c> in Nuxeo's exception shape, never 401 or 500 (issue #13, item 5).</summary>
public sealed class DirectoryOutageTests : IAsyncLifetime
{
    private readonly TestServices _fakes = TestServices.Create();
    private InProcessHandler _handler = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _fakes.Users.Add("admin", "admin-password-long", "admin@example.test", true, "administrators");
        _handler = await InProcessHandler.StartAsync(_fakes, DiscardingLoggerProvider.UseInstead);
        _client = _handler.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _handler.DisposeAsync();
        _fakes.Dispose();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string password = "admin-password-long")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = DirectoryHandler.Basic("admin", password) } };
        return await _client.SendAsync(request);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("exception", body.RootElement.GetProperty("entity-type").GetString());
        Assert.Equal(503, body.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Storage_down_while_answering_is_503_in_nuxeos_shape()
    {
        using var before = await GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        _fakes.Users.Unavailable = true;
        using var search = await GetAsync("/api/v1/user/search?q=*");

        await AssertUnavailableAsync(search);
    }

    [Fact]
    public async Task Storage_down_while_the_chain_checks_the_password_is_503_not_401()
    {
        _fakes.Users.Unavailable = true;

        using var response = await GetAsync("/site/api/v1/user/admin", "another-password-here");

        await AssertUnavailableAsync(response);
    }
}
