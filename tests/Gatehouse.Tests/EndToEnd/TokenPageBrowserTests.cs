using System.Net;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// SPEC §7.4 in a real browser: Debian's Chromium, headless, against the published handler and Azurite.
/// A person signs in, sees a device, revokes it, creates a token for a CLI and signs out.
/// </summary>
public sealed class TokenPageBrowserTests(TokenApiFixture gatehouse, BrowserFixture browser)
    : IClassFixture<TokenApiFixture>, IClassFixture<BrowserFixture>
{
    private static string ScreenshotPath(string name) => Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots", name);

    private string PageUrl => new Uri(gatehouse.Client.BaseAddress!, "tokens").ToString();

    private Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(int width = 1280, int height = 800) =>
        browser.OpenAsync(PageUrl, width, height);

    private static Task SignInAsync(IPage page, string login, string password) => BrowserFixture.SignInAsync(page, login, password);

    private async Task<string> HandshakeAsync(string application, string device, System.Net.Http.Headers.AuthenticationHeaderValue authorization)
    {
        using var response = await gatehouse.GetAsync(
            $"/authentication/token?applicationName={Uri.EscapeDataString(application)}&deviceId={device}&permission=ReadWrite&deviceDescription=Desk%20PC",
            authorization);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpStatusCode> AuthorizeStatusAsync(string token)
    {
        using var response = await gatehouse.AuthorizeAsync("GET", "/api/x", ("X-Authentication-Token", token));
        return response.StatusCode;
    }

    [Fact]
    public async Task Sign_in_see_a_device_revoke_it_create_a_cli_token_and_sign_out()
    {
        var device = "desk-" + Guid.NewGuid().ToString("N")[..8];
        var deviceToken = await HandshakeAsync("Nuxeo Drive", device, gatehouse.OtherBasic());
        var (context, page, errors) = await OpenAsync();
        await using var _ = context;

        // Sign in by e-mail address; the password leaves no trace in the page's storage.
        await SignInAsync(page, TokenApiFixture.OtherEmail, gatehouse.OtherPassword);
        var row = page.Locator("#token-rows tr", new() { HasText = device });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Nuxeo Drive");
        await Expect(row).ToContainTextAsync("Desk PC");
        await Expect(row).ToContainTextAsync("Read and write");
        await Expect(row).Not.ToContainTextAsync("ReadWrite");
        await Expect(page.GetByText("This browser")).ToBeVisibleAsync();
        await Expect(page.Locator("#who-name")).ToHaveTextAsync(TokenApiFixture.OtherUser);
        Assert.Empty(await page.GetByLabel("Password").InputValueAsync());
        var stored = await page.EvaluateAsync<string>("JSON.stringify(Object.assign({}, sessionStorage)) + JSON.stringify(Object.assign({}, localStorage))");
        Assert.DoesNotContain(gatehouse.OtherPassword, stored, StringComparison.Ordinal);
        var sessionToken = await page.EvaluateAsync<string>("JSON.parse(sessionStorage.getItem('gatehouse.tokens.session')).token");
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(sessionToken));

        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath("x"))!);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("tokens-signed-in.png"), FullPage = true });

        // Revoke, after a confirmation that can be cancelled.
        var revoke = page.GetByRole(AriaRole.Button, new() { Name = $"Revoke Nuxeo Drive on {device}" });
        await revoke.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(row).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(deviceToken));

        await revoke.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Revoked the token of Nuxeo Drive on {device}");
        await Expect(row).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthorizeStatusAsync(deviceToken));

        // A token for a CLI, shown once, copied, and working.
        await page.GetByLabel("Device", new() { Exact = true }).FillAsync("ci-box");
        await page.GetByLabel("Description").FillAsync("Build agent");
        await page.GetByLabel("Permission").SelectOptionAsync("ReadOnly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var newToken = page.Locator("#new-token");
        await Expect(newToken).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^gth_"));
        var cliToken = await newToken.InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        Assert.Equal(cliToken, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        var cliRow = page.Locator("#token-rows tr", new() { HasText = "ci-box" });
        await Expect(cliRow).ToBeVisibleAsync();
        await Expect(cliRow).ToContainTextAsync("Read only");
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(cliToken));
        using (var listed = await gatehouse.GetAsync("/api/v1/token?application=CLI", null, ("X-Authentication-Token", cliToken)))
        {
            Assert.Contains("Build agent", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.Locator("#new-token-panel")).ToBeHiddenAsync();
        Assert.Empty(await newToken.InputValueAsync());

        // Sign out revokes the page's own session token.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are signed out.");
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthorizeStatusAsync(sessionToken));
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('gatehouse.tokens.session')"));
        Assert.Equal(HttpStatusCode.OK, await AuthorizeStatusAsync(cliToken));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Recent_activity_shows_the_sign_in_and_a_token_created_and_revoked_on_the_page_and_the_audit_api_has_them()
    {
        var (context, page, errors) = await OpenAsync();
        await using var _ = context;
        var device = "audit-" + Guid.NewGuid().ToString("N")[..8];

        await SignInAsync(page, TokenApiFixture.OtherUser, gatehouse.OtherPassword);
        await page.GetByLabel("Device", new() { Exact = true }).FillAsync(device);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Expect(page.Locator("#new-token")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^gth_"));
        var cliToken = await page.Locator("#new-token").InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke CLI on {device}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        var activity = page.Locator("#activity-section");
        await Expect(activity.GetByRole(AriaRole.Heading, new() { Name = "Recent activity" })).ToBeVisibleAsync();
        await Expect(activity.Locator("li[data-type='token.revoked']").First).ToContainTextAsync("via this page");
        await Expect(activity.Locator("li[data-type='token.issued']", new() { HasText = device })).ToBeVisibleAsync();
        await Expect(activity.Locator("li[data-type='signin.succeeded']").First).ToBeVisibleAsync();
        Assert.DoesNotContain(cliToken, await activity.InnerTextAsync(), StringComparison.Ordinal);

        // The API behind it: an administrator sees bob's events, bob may not see the administrator's.
        using (var ofBob = await gatehouse.GetAsync("/api/v1/audit?user=bob&type=token.revoked", gatehouse.AdminBasic()))
        {
            Assert.Equal(HttpStatusCode.OK, ofBob.StatusCode);
            var body = await ofBob.Content.ReadAsStringAsync();
            Assert.Contains("\"actor\":\"bob\",\"via\":\"token-page\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain(cliToken, body, StringComparison.Ordinal);
        }

        using (var ofAdmin = await gatehouse.GetAsync("/api/v1/audit?user=admin", gatehouse.OtherBasic()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, ofAdmin.StatusCode);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(activity).ToBeHiddenAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_wrong_password_is_said_plainly_without_the_browsers_login_dialog()
    {
        var (context, page, errors) = await OpenAsync();
        await using var _ = context;

        await SignInAsync(page, TokenApiFixture.OtherUser, "not-the-password");

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The user name, e-mail or password is not right.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Empty(await page.GetByLabel("Password").InputValueAsync());
        Assert.All(errors, error => Assert.Contains("401", error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_wrong_passwords_are_said_plainly_with_when_to_try_again()
    {
        var (context, page, errors) = await OpenAsync();
        await using var _ = context;
        var login = "guesser-" + Guid.NewGuid().ToString("N")[..8];

        // Each wrong guess costs a full PBKDF2, at low priority: on a busy machine that takes seconds.
        var hashing = new LocatorAssertionsToBeEnabledOptions { Timeout = 30_000 };
        for (var i = 0; i < 3; i++)
        {
            // The button is disabled while a sign-in is on its way: the next guess waits for the answer.
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeEnabledAsync(hashing);
            await SignInAsync(page, login, "guess-" + i);
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The user name, e-mail or password is not right.", new() { Timeout = 30_000 });
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeEnabledAsync(hashing);

        await SignInAsync(page, login, "guess-3");

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Too many attempts: try again in 5 minutes.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeEnabledAsync();
        Assert.All(errors, error => Assert.True(error.Contains("401", StringComparison.Ordinal) || error.Contains("429", StringComparison.Ordinal), error));
    }

    [Fact]
    public async Task A_session_revoked_elsewhere_sends_the_page_back_to_sign_in()
    {
        var (context, page, _) = await OpenAsync();
        await using var __ = context;
        await SignInAsync(page, TokenApiFixture.OtherUser, gatehouse.OtherPassword);
        await Expect(page.GetByText("This browser")).ToBeVisibleAsync();
        var id = await page.EvaluateAsync<string>("JSON.parse(sessionStorage.getItem('gatehouse.tokens.session')).id");

        using (var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/token/{id}?user=bob") { Headers = { Authorization = gatehouse.AdminBasic() } })
        using (var revoked = await gatehouse.Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your session has ended");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_session_survives_a_reload_and_its_token_is_short_lived()
    {
        var (context, page, _) = await OpenAsync();
        await using var __ = context;
        await SignInAsync(page, TokenApiFixture.OtherUser, gatehouse.OtherPassword);
        await Expect(page.GetByText("This browser")).ToBeVisibleAsync();

        await page.ReloadAsync();

        var current = page.Locator("#token-rows tr", new() { HasText = "This browser" });
        await Expect(current).ToBeVisibleAsync();
        var created = DateTimeOffset.Parse(await current.Locator("td[data-label='Created'] time").GetAttributeAsync("datetime") ?? string.Empty, System.Globalization.CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse(await current.Locator("td[data-label='Expires'] time").GetAttributeAsync("datetime") ?? string.Empty, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(1), expires - created);
    }

    [Fact]
    public async Task Older_sessions_collapse_into_one_line_and_this_browser_is_named_so()
    {
        var (earlier, earlierPage, _) = await OpenAsync();
        await using var ___ = earlier;
        await SignInAsync(earlierPage, TokenApiFixture.OtherUser, gatehouse.OtherPassword);
        await Expect(earlierPage.GetByText("This browser")).ToBeVisibleAsync();
        var earlierSession = await earlierPage.EvaluateAsync<string>("JSON.parse(sessionStorage.getItem('gatehouse.tokens.session')).token");
        var (context, page, errors) = await OpenAsync();
        await using var __ = context;

        await SignInAsync(page, TokenApiFixture.OtherUser, gatehouse.OtherPassword);

        var others = page.Locator("#token-rows tr[data-id='other-sessions']");
        await Expect(page.Locator("#token-rows tr", new() { HasText = "This browser" })).ToHaveCountAsync(1);
        await Expect(others).ToContainTextAsync("other browser session");
        await Expect(page.Locator("#token-rows tr", new() { HasText = "browser-" })).ToHaveCountAsync(0);
        await others.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ended");
        await Expect(others).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthorizeStatusAsync(earlierSession));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_token_is_created_with_a_chosen_expiry_renewed_and_done_resets_the_form()
    {
        var device = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var (context, page, errors) = await OpenAsync();
        await using var __ = context;
        await SignInAsync(page, TokenApiFixture.OtherUser, gatehouse.OtherPassword);

        await page.Locator("#create-device").FillAsync(device);
        await page.GetByLabel("Expires after").SelectOptionAsync("1 hour");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Expect(page.Locator("#new-token-panel")).ToBeVisibleAsync();
        var row = page.Locator("#token-rows tr", new() { HasText = device });
        var expires = row.Locator("td[data-label='Expires'] time");
        var created = DateTimeOffset.Parse(await row.Locator("td[data-label='Created'] time").GetAttributeAsync("datetime") ?? string.Empty, System.Globalization.CultureInfo.InvariantCulture);
        var firstExpiry = DateTimeOffset.Parse(await expires.GetAttributeAsync("datetime") ?? string.Empty, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(1), firstExpiry - created);

        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.Locator("#new-token-panel")).ToBeHiddenAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync(string.Empty);
        await Expect(page.Locator("#create-device")).ToHaveValueAsync(string.Empty);
        await Expect(page.GetByLabel("Expires after")).ToHaveValueAsync(string.Empty);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Renew CLI on {device}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Renewed CLI on {device}");
        var renewed = DateTimeOffset.Parse(await expires.GetAttributeAsync("datetime") ?? string.Empty, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(renewed >= created + TokenApiFixture.Lifetime, $"renewed to {renewed:o}, was {firstExpiry:o}");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_page_warns_before_its_session_ends()
    {
        var (context, page, errors) = await OpenAsync();
        await using var __ = context;
        await page.Clock.InstallAsync();
        await page.ReloadAsync();
        await SignInAsync(page, TokenApiFixture.OtherUser, gatehouse.OtherPassword);
        var warning = page.GetByRole(AriaRole.Alert);
        await Expect(page.GetByText("This browser")).ToBeVisibleAsync();
        await Expect(warning).ToBeHiddenAsync();

        // The session lives an hour; the warning comes two minutes before its end.
        await page.Clock.FastForwardAsync("58:30");

        await Expect(warning).ToContainTextAsync("Your session ends at");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task On_a_phone_width_screen_nothing_scrolls_sideways()
    {
        await HandshakeAsync("Nuxeo Drive with a rather long application name", "phone-" + Guid.NewGuid().ToString("N"), gatehouse.OtherBasic());
        var (context, page, errors) = await OpenAsync(width: 375, height: 740);
        await using var _ = context;

        await Expect(page.GetByLabel("User name or e-mail")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

        await SignInAsync(page, TokenApiFixture.OtherUser, gatehouse.OtherPassword);
        await Expect(page.GetByText("This browser")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("tokens-phone.png"), FullPage = true });
        Assert.Empty(errors);
    }
}
