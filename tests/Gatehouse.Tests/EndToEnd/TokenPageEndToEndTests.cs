using System.Net;
using System.Text.RegularExpressions;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>SPEC §7.4 over HTTP: the token page's files, their headers and the strict Content-Security-Policy.</summary>
public sealed partial class TokenPageEndToEndTests(GatehouseFixture gatehouse) : IClassFixture<GatehouseFixture>
{
    private const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await gatehouse.Client.SendAsync(request);
    }

    [Theory]
    [InlineData("/tokens", "text/html")]
    [InlineData("/tokens/tokens.css", "text/css")]
    [InlineData("/tokens/tokens.js", "text/javascript")]
    [InlineData("/pages/signin.js", "text/javascript")]
    [InlineData("/pages/signin.css", "text/css")]
    public async Task Every_file_is_served_with_its_type_and_the_strict_policy(string path, string mediaType)
    {
        using var response = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(Csp, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task The_page_has_no_inline_script_or_style_and_labels_every_input()
    {
        using var response = await SendAsync(HttpMethod.Get, "/tokens");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotMatch(@"<style", html);
        Assert.DoesNotMatch(@"\sstyle\s*=", html);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        Assert.DoesNotMatch(@"javascript:", html);
        Assert.All(ScriptTag().Matches(html), script => Assert.Matches(@"\ssrc=""(tokens/tokens|pages/signin)\.js""", script.Value));
        Assert.Contains(@"<meta name=""viewport"" content=""width=device-width, initial-scale=1"">", html, StringComparison.Ordinal);

        var labelled = LabelFor().Matches(html).Select(m => m.Groups[1].Value).ToHashSet();
        var inputs = InputId().Matches(html).Select(m => m.Groups[1].Value).Where(id => id != "new-token").ToList();
        Assert.NotEmpty(inputs);
        Assert.All(inputs, id => Assert.Contains(id, labelled));
    }

    [Fact]
    public async Task The_session_lifetime_is_rendered_from_configuration()
    {
        using var response = await SendAsync(HttpMethod.Get, "/tokens");

        Assert.Contains(@"<meta name=""gatehouse-session-lifetime"" content=""3600"">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_etag_gets_304()
    {
        using var first = await SendAsync(HttpMethod.Get, "/tokens/tokens.js");
        using var second = await SendAsync(HttpMethod.Get, "/tokens/tokens.js", ("If-None-Match", first.Headers.ETag!.Tag));

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task A_trailing_slash_redirects_to_the_page_relatively()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gatehouse.Client.BaseAddress };

        using var response = await client.GetAsync("/tokens/");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("../tokens", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/tokens/nope.js")]
    [InlineData("/tokens/../host.json")]
    [InlineData("/tokens/%2E%2E/host.json")]
    [InlineData("/tokens/Index.html")]
    [InlineData("/tokens/tokens.js/x")]
    public async Task Unknown_files_get_404(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/tokens")]
    [InlineData("DELETE", "/tokens/tokens.js")]
    public async Task Other_methods_are_refused_by_routing(string method, string path)
    {
        using var response = await SendAsync(new HttpMethod(method), path);

        Assert.Equal(gatehouse.WrongMethodStatus, response.StatusCode);
    }

    [Fact]
    public async Task Standalone_the_root_is_a_page_that_links_to_the_token_page_and_health()
    {
        await using var standalone = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["Gatehouse__Storage__ConnectionString"] = AzuriteProcess.UnreachableConnectionString(),
        }, HostingMode.Standalone);
        using var response = await standalone.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"tokens\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"health\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ScriptTag(), html);
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<label for=""([^""]+)""")]
    private static partial Regex LabelFor();

    [GeneratedRegex(@"<(?:input|select|textarea)\b[^>]*\bid=""([^""]+)""")]
    private static partial Regex InputId();
}
