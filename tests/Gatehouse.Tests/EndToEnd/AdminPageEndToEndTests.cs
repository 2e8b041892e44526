using System.Net;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>Issue #13 item 4 over HTTP: the administration page's files, their headers and the strict Content-Security-Policy.</summary>
public sealed class AdminPageEndToEndTests(GatehouseFixture gatehouse) : IClassFixture<GatehouseFixture>
{
    private const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    [Theory]
    [InlineData("/admin", "text/html")]
    [InlineData("/admin/admin.js", "text/javascript")]
    [InlineData("/admin/admin.css", "text/css")]
    public async Task Every_file_is_served_with_its_type_the_strict_policy_and_the_security_headers(string path, string mediaType)
    {
        using var response = await gatehouse.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Csp, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task The_page_has_no_inline_script_or_style_and_loads_the_shared_sign_in()
    {
        using var response = await gatehouse.GetAsync("/admin");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotMatch(@"<style", html);
        Assert.DoesNotMatch(@"\sstyle\s*=", html);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        Assert.DoesNotMatch(@"<script>", html);
        Assert.Contains(@"<script src=""pages/signin.js"" defer></script>", html, StringComparison.Ordinal);
        Assert.Contains(@"<script src=""admin/admin.js"" defer></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trailing_slash_redirects_to_the_page_and_an_unknown_file_is_404()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gatehouse.Client.BaseAddress };
        using var slash = await client.GetAsync("/admin/");
        using var unknown = await gatehouse.GetAsync("/admin/nothing.js");

        Assert.Equal(HttpStatusCode.PermanentRedirect, slash.StatusCode);
        Assert.Equal("../admin", slash.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
