using System.Net;

namespace Gatehouse.Tests.DirectoryApi;

/// <summary>
/// A page on another site cannot make an administrator's browser change users, under either of Nuxeo's two roots
/// of the API: the browser says <c>Sec-Fetch-Site: cross-site</c>, and the write is refused before it runs.
/// </summary>
public sealed class DirectoryCrossSiteTests : DirectoryOverFakes
{
    [Theory]
    [InlineData("/api/v1/user/bob")]
    [InlineData("/site/api/v1/user/bob")]
    public async Task A_cross_site_delete_is_refused_and_the_user_stays(string path)
    {
        AddBob();
        using var refused = await SendAsync(path, "cross-site");
        using var stillThere = await SendAsync("/api/v1/user/search?q=bob", site: null, HttpMethod.Get);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("cross-site", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"bob\"", await stillThere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_same_origin_delete_under_site_api_goes_through()
    {
        AddBob();
        using var deleted = await SendAsync("/site/api/v1/user/bob", "same-origin");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    private void AddBob() => Fakes.Users.Add("bob", "bob-password-long", "bob@example.test", true);

    private async Task<HttpResponseMessage> SendAsync(string path, string? site, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Delete, path) { Headers = { Authorization = DirectoryHandler.Basic("admin", AdminPassword) } };
        if (site is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", site);
        }

        return await Client.SendAsync(request);
    }
}
