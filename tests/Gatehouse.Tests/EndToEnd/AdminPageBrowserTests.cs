using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// Issue #13 item 4 in Debian's Chromium, against the published handler and Azurite: the bootstrap administrator
/// onboards a user on <c>/admin</c>, who signs in to <c>/tokens</c>; their group reaches the authorizer's
/// <c>Remote-Groups</c>, disabling and deleting them stops their token. Someone who is no administrator sees no controls.
/// </summary>
public sealed class AdminPageBrowserTests(TokenApiFixture gatehouse, BrowserFixture browser)
    : IClassFixture<TokenApiFixture>, IClassFixture<BrowserFixture>
{
    private const string SessionKey = "gatehouse.tokens.session";

    private static string ScreenshotPath(string name) => Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots", name);

    private string Url(string page) => new Uri(gatehouse.Client.BaseAddress!, page).ToString();

    private Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(string page, int width = 1280, int height = 800) =>
        browser.OpenAsync(Url(page), width, height);

    /// <summary>
    /// The sign-in form's fields, within the form: unlike <see cref="BrowserFixture.SignInAsync"/>, which this page's other
    /// password fields (the new user's, the reset dialog's) would make ambiguous.
    /// </summary>
    private static async Task SignInAsync(IPage page, string login, string password)
    {
        var form = page.Locator("#sign-in-form");
        await form.GetByLabel("User name or e-mail").FillAsync(login);
        await form.GetByLabel("Password").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static ILocator Status(IPage page) => page.GetByRole(AriaRole.Status);

    private static ILocator UserRow(IPage page, string name) => page.Locator($"#user-rows tr[data-user='{name}']");

    private static Task<string> SessionTokenAsync(IPage page) =>
        page.EvaluateAsync<string>($"JSON.parse(sessionStorage.getItem('{SessionKey}')).token");

    private async Task<HttpResponseMessage> AuthorizeAsync(string token) =>
        await gatehouse.AuthorizeAsync("GET", "/api/x", ("X-Authentication-Token", token));

    private static async Task CreateUserAsync(IPage page, string name, string email, string password)
    {
        var form = page.Locator("#create-user-form");
        await form.GetByLabel("User name").FillAsync(name);
        await form.GetByLabel("E-mail").FillAsync(email);
        await form.GetByLabel("First name").FillAsync("Carol");
        await form.GetByLabel("Last name").FillAsync("Newcomer");
        await form.GetByLabel("Company").FillAsync("Example Ltd");
        await form.GetByLabel("Password").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync($"Created user {name}.");
    }

    private static string NewPassword() => "Pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    [Fact]
    public async Task The_administrator_onboards_groups_disables_enables_and_deletes_a_user()
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var (name, email, team, outer) = ($"carol-{suffix}", $"carol-{suffix}@example.test", $"team-{suffix}", $"outer-{suffix}");
        var (context, page, errors) = await OpenAsync("admin");
        await using var _ = context;

        await SignInAsync(page, GatehouseFixture.AdminUser, gatehouse.AdminPassword);
        await Expect(UserRow(page, GatehouseFixture.AdminUser)).ToContainTextAsync("administrator");
        await Expect(page.Locator("#who-name")).ToHaveTextAsync(GatehouseFixture.AdminUser);

        // Create a user; the password policy's refusal of a reset is said in the dialog, a good one is taken.
        await CreateUserAsync(page, name, email, NewPassword());
        var row = UserRow(page, name);
        await Expect(row).ToContainTextAsync(email);
        await Expect(row).ToContainTextAsync("Carol Newcomer");
        await Expect(row).ToContainTextAsync("Enabled");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Reset the password of {name}" }).ClickAsync();
        var dialog = page.Locator("#password-dialog");
        await dialog.GetByLabel("New password").FillAsync("short");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("Bad request");
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("12");
        await Expect(dialog).ToBeVisibleAsync();
        var password = NewPassword();
        await dialog.GetByLabel("New password").FillAsync(password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync($"The password of {name} is changed.");
        await Expect(dialog).ToBeHiddenAsync();

        // The new user signs in to /tokens in a browser of their own.
        var (userContext, userPage, userErrors) = await OpenAsync("tokens");
        await using var __ = userContext;
        await BrowserFixture.SignInAsync(userPage, name, password);
        await Expect(userPage.Locator("#who-name")).ToHaveTextAsync(name);
        var token = await SessionTokenAsync(userPage);
        await Expect(userPage.Locator("#admin-link")).ToBeHiddenAsync();
        using (var allowed = await AuthorizeAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.DoesNotContain(team, string.Join(",", allowed.Headers.TryGetValues("Remote-Groups", out var none) ? none : []), StringComparison.Ordinal);
        }

        // A group with a label, the user in it, and it in another group: both reach Remote-Groups.
        await page.GetByLabel("Group name").FillAsync(team);
        await page.Locator("#create-group-form").GetByLabel("Label").FillAsync("The team");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync($"Created group {team}.");
        await Expect(page.Locator("#group-panel-title")).ToHaveTextAsync($"Group {team} (The team)");
        await page.GetByLabel("Add a user").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync($"Added {name} to {team}.");
        await Expect(page.Locator("#group-members")).ToContainTextAsync(name);
        await Expect(row).ToContainTextAsync(team);

        await page.GetByLabel("Group name").FillAsync(outer);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(page.Locator("#group-panel-title")).ToHaveTextAsync($"Group {outer}");
        await page.GetByLabel("Add a sub-group").FillAsync(team);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add sub-group" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync($"{team} is now a sub-group of {outer}.");
        await Expect(page.Locator($"#group-rows tr[data-group='{outer}']")).ToContainTextAsync(team);
        using (var grouped = await AuthorizeAsync(token))
        {
            var remoteGroups = grouped.Headers.GetValues("Remote-Groups").Single().Split(',', StringSplitOptions.TrimEntries);
            Assert.Contains(team, remoteGroups);
            Assert.Contains(outer, remoteGroups);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath("x"))!);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("admin-desktop.png"), FullPage = true });

        // Disabled, their token is refused at once; enabled, it works again.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {name}" }).ClickAsync();
        await Expect(row).ToContainTextAsync("disabled");
        using (var disabled = await AuthorizeAsync(token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
        }

        await row.GetByRole(AriaRole.Button, new() { Name = $"Enable {name}" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Enabled");
        using (var enabled = await AuthorizeAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        }

        // Deleted after a confirmation that can be cancelled: their token is refused, their e-mail is free again.
        var delete = row.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" });
        await delete.ClickAsync();
        var confirm = page.Locator("#confirm-dialog");
        await Expect(confirm).ToContainTextAsync($"Delete {name}?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(row).ToBeVisibleAsync();
        await delete.ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync($"Deleted {name}; their tokens no longer work.");
        await Expect(row).ToHaveCountAsync(0);
        using (var deleted = await AuthorizeAsync(token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, deleted.StatusCode);
        }

        await CreateUserAsync(page, name + "-again", email, NewPassword());
        await Expect(UserRow(page, name + "-again")).ToContainTextAsync(email);

        // The only failures were the password policy's 400.
        Assert.All(errors, error => Assert.Contains("400", error, StringComparison.Ordinal));
        Assert.Empty(userErrors);
    }

    [Fact]
    public async Task Someone_who_is_no_administrator_sees_no_controls_and_the_api_refuses_them()
    {
        var (context, page, errors) = await OpenAsync("admin");
        await using var _ = context;

        await SignInAsync(page, TokenApiFixture.OtherUser, gatehouse.OtherPassword);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Administrators only" })).ToBeVisibleAsync();
        await Expect(page.Locator("#admin")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create user" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create group" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#user-rows tr")).ToHaveCountAsync(0);

        // The page only hides; the API is what refuses, with the same session.
        var token = await SessionTokenAsync(page);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/user")
        {
            Content = new StringContent("""{"entity-type":"user","properties":{"username":"intruder","password":"Intruder-password-1"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Authentication-Token", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var refused = await gatehouse.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_token_page_links_administrators_to_the_administration_page_in_the_same_session()
    {
        var (context, page, errors) = await OpenAsync("tokens");
        await using var _ = context;
        await SignInAsync(page, GatehouseFixture.AdminUser, gatehouse.AdminPassword);

        await page.GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();

        await Expect(UserRow(page, GatehouseFixture.AdminUser)).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in-form")).ToBeHiddenAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_administrator_with_a_second_factor_signs_in_with_a_code()
    {
        var name = "admin2-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var password = NewPassword();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/user") { Headers = { Authorization = gatehouse.AdminBasic() } })
        {
            request.Content = new StringContent(
                $$$"""{"entity-type":"user","properties":{"username":"{{{name}}}","password":"{{{password}}}","email":"{{{name}}}@example.test","groups":["administrators"]}}""",
                Encoding.UTF8,
                "application/json");
            using var created = await gatehouse.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var basic = GatehouseFixture.Basic(name, password);
        var (key, _, step) = await SignInSteps.EnrolAsync(gatehouse.Client, await SignInSteps.SessionAsync(gatehouse.Client, basic));
        var (context, page, errors) = await OpenAsync("admin");
        await using var __ = context;

        await SignInAsync(page, name, password);
        await page.GetByLabel("Code from your authenticator app, or a recovery code").FillAsync(SignInSteps.Code(key, step + 1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(UserRow(page, name)).ToContainTextAsync("administrator");
        await Expect(page.Locator("#who-name")).ToHaveTextAsync(name);
        Assert.All(errors, error => Assert.Contains("401", error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_that_ends_sends_the_page_back_to_sign_in()
    {
        var (context, page, _) = await OpenAsync("admin");
        await using var __ = context;
        await SignInAsync(page, GatehouseFixture.AdminUser, gatehouse.AdminPassword);
        await Expect(UserRow(page, GatehouseFixture.AdminUser)).ToBeVisibleAsync();
        var id = await page.EvaluateAsync<string>($"JSON.parse(sessionStorage.getItem('{SessionKey}')).id");
        using (var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/token/{id}") { Headers = { Authorization = gatehouse.AdminBasic() } })
        using (var revoked = await gatehouse.Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).First.ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("Your session has ended");
        await Expect(page.Locator("#sign-in-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#admin")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task On_a_phone_width_screen_nothing_scrolls_sideways()
    {
        var (context, page, errors) = await OpenAsync("admin", width: 390, height: 844);
        await using var _ = context;

        await Expect(page.Locator("#sign-in-form").GetByLabel("User name or e-mail")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

        await SignInAsync(page, GatehouseFixture.AdminUser, gatehouse.AdminPassword);
        await Expect(UserRow(page, GatehouseFixture.AdminUser)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Manage administrators" }).ClickAsync();
        await Expect(page.Locator("#group-members")).ToContainTextAsync(GatehouseFixture.AdminUser);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath("x"))!);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("admin-phone.png"), FullPage = true });
        Assert.Empty(errors);
    }
}
