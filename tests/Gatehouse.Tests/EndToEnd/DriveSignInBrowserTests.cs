using System.Net;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Gatehouse.Tests.Infrastructure.SignInSteps;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// Nuxeo Drive's browser sign-in in Debian's Chromium, as Drive opens it: standalone under the path base <c>nuxeo</c>,
/// an account with a second factor, the consent, and the <c>nxdrive://</c> hand-back (read from the page's link, since a
/// headless browser has no application for the scheme), whose UUID-shaped token then works on the authorizer.
/// </summary>
public sealed class DriveSignInBrowserTests(DriveFixture gatehouse, BrowserFixture browser)
    : IClassFixture<DriveFixture>, IClassFixture<BrowserFixture>
{
    private string DriveUrl(string device, string extra = "") => new Uri(gatehouse.NuxeoAddress,
        $"drive_browser_login.jsp?deviceId={device}&applicationName=Nuxeo%20Drive&permission=ReadWrite&deviceDescription=Linux&forceAnonymousLogin=true&useProtocol=true{extra}").ToString();

    /// <summary>What the page may log: the 401 that asks for the code, and the browser refusing a scheme it has no handler for.</summary>
    private static bool Expected(string error) =>
        error.Contains("401", StringComparison.Ordinal) || error.Contains("nxdrive", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Clicks Allow and reads the nxdrive:// link from the hand-back page as the browser received it: the page then opens
    /// the scheme itself, which a headless browser without a handler may turn into an error page at any moment.
    /// </summary>
    private static async Task<string> AllowAsync(IPage page)
    {
        var allow = page.GetByRole(AriaRole.Button, new() { Name = "Allow" });
        await Expect(allow).ToBeVisibleAsync();
        var response = await page.RunAndWaitForResponseAsync(() => allow.ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(200, response.Status);
        var link = DriveSignInEndToEndTests.NxdriveLink().Match(await response.TextAsync());
        Assert.True(link.Success, "no nxdrive:// link on the hand-back page");
        return link.Value;
    }

    [Fact]
    public async Task Sign_in_with_a_code_consent_and_the_nxdrive_url_hands_back_a_working_uuid_token()
    {
        var (name, password, basic) = await gatehouse.NewUserAsync();
        var (key, _, step) = await EnrolAsync(gatehouse.Nuxeo, await SessionAsync(gatehouse.Nuxeo, basic));
        var device = "drive-" + Guid.NewGuid().ToString("N")[..8];
        var (context, page, errors) = await browser.OpenAsync(DriveUrl(device));
        await using var _ = context;

        await BrowserFixture.SignInAsync(page, name, password);
        await page.GetByLabel("Code from your authenticator app, or a recovery code").FillAsync(Code(key, step + 1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        // The consent names the application, the device and the permission; nothing is minted before Allow.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Allow Nuxeo Drive to act as you?" })).ToBeVisibleAsync();
        await Expect(page.Locator("#consent-application")).ToHaveTextAsync("Nuxeo Drive");
        await Expect(page.Locator("#consent-device")).ToHaveTextAsync($"{device} (Linux)");
        await Expect(page.Locator("#consent-permission")).ToHaveTextAsync("read and write");
        Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots", "drive-consent.png"), FullPage = true });

        var href = await AllowAsync(page);
        var match = DriveSignInEndToEndTests.NxdriveLink().Match(href);
        Assert.Equal(name, match.Groups["user"].Value);
        var token = match.Groups["token"].Value;
        Assert.Equal(HttpStatusCode.OK, await gatehouse.AuthorizeStatusAsync(token));

        // Drive's re-login (updateToken=true) in the same tab goes straight to the consent and gets the same token.
        await page.GotoAsync(DriveUrl(device, "&updateToken=true"));
        Assert.Equal(href, await AllowAsync(page));
        Assert.All(errors, error => Assert.True(Expected(error), error));
    }

    [Fact]
    public async Task Cancel_lands_on_a_page_that_says_so()
    {
        var (name, password, _) = await gatehouse.NewUserAsync();
        var (context, page, errors) = await browser.OpenAsync(DriveUrl("drive-cancelled"));
        await using var _ = context;

        await BrowserFixture.SignInAsync(page, name, password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(page.Locator("#cancelled")).ToHaveTextAsync("You did not allow Nuxeo Drive: it got no token. You can close this window.");
        Assert.All(errors, error => Assert.True(Expected(error), error));
    }
}
