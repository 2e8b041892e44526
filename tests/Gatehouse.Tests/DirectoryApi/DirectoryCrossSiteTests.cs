using System.Net;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Performance;

namespace Gatehouse.Tests.DirectoryApi;

/// <summary>
/// A page on another site cannot make an administrator's browser change users, under either of Nuxeo's two roots
/// of the API: the browser says <c>Sec-Fetch-Site: cross-site</c>, and the write is refused before it runs.
/// </summary>
public sealed class DirectoryCrossSiteTests : IAsyncLifetime
{
    private readonly TestServices _fakes = TestServices.Create();
    private InProcessHandler _handler = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _fakes.Users.Add("admin", "admin-password-long", "admin@example.test", true, "administrators");
        _fakes.Users.Add("bob", "bob-password-long", "bob@example.test", true);
        _handler = await InProcessHandler.StartAsync(_fakes, DiscardingLoggerProvider.UseInstead);
        _client = _handler.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _handler.DisposeAsync();
        _fakes.Dispose();
    }

    [Theory]
    [InlineData("/api/v1/user/bob")]
    [InlineData("/site/api/v1/user/bob")]
    public async Task A_cross_site_delete_is_refused_and_the_user_stays(string path)
    {
        using var refused = await SendAsync(path, "cross-site");
        using var stillThere = await SendAsync("/api/v1/user/search?q=bob", site: null, HttpMethod.Get);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("cross-site", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"bob\"", await stillThere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_same_origin_delete_under_site_api_goes_through()
    {
        using var deleted = await SendAsync("/site/api/v1/user/bob", "same-origin");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string? site, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Delete, path) { Headers = { Authorization = DirectoryHandler.Basic("admin", "admin-password-long") } };
        if (site is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", site);
        }

        return await _client.SendAsync(request);
    }
}
