using System.Net;
using System.Text.Json;

namespace Gatehouse.Tests.DirectoryApi;

/// <summary>An outage under the directory API is 503 + <c>Retry-After</c> in Nuxeo's exception shape, never 401 or 500 (issue #13, item 5).</summary>
public sealed class DirectoryOutageTests : DirectoryOverFakes
{
    private async Task<HttpResponseMessage> GetAsync(string path, string password = AdminPassword)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = DirectoryHandler.Basic("admin", password) } };
        return await Client.SendAsync(request);
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

        Fakes.Users.Unavailable = true;
        using var search = await GetAsync("/api/v1/user/search?q=*");

        await AssertUnavailableAsync(search);
    }

    [Fact]
    public async Task Storage_down_while_the_chain_checks_the_password_is_503_not_401()
    {
        Fakes.Users.Unavailable = true;

        using var response = await GetAsync("/site/api/v1/user/admin", "another-password-here");

        await AssertUnavailableAsync(response);
    }

    [Fact]
    public async Task A_change_that_keeps_losing_its_race_is_503_with_retry_after_not_500()
    {
        Fakes.Users.Add("bob", "bob-password-long", "bob@example.test", true);
        Fakes.Users.Contended = true;
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/user/bob")
        {
            Headers = { Authorization = DirectoryHandler.Basic("admin", AdminPassword) },
            Content = new StringContent("""{"entity-type":"user","id":"bob","properties":{"firstName":"Bob"}}""", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await Client.SendAsync(request);

        await AssertUnavailableAsync(response);
        Assert.Contains("try again", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
