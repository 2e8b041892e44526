using System.Net;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Gatehouse.Tests.Infrastructure.SignInSteps;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// SPEC §12 in Debian's Chromium: the token page's Security section turns the second factor on (the code computed here
/// from the key the page shows), and the sign-in then asks for a code: a replayed code is refused, a recovery code
/// works once.
/// </summary>
public sealed class SignInBrowserTests(SignInFixture gatehouse, BrowserFixture browser)
    : IClassFixture<SignInFixture>, IClassFixture<BrowserFixture>
{
    private string PageUrl => new Uri(gatehouse.Client.BaseAddress!, "tokens").ToString();

    private static ILocator Status(IPage page) => page.GetByRole(AriaRole.Status);

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync("You are signed out.");
    }

    private static async Task EnterCodeAsync(IPage page, string code)
    {
        await page.GetByLabel("Code from your authenticator app, or a recovery code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
    }

    [Fact]
    public async Task Enrol_sign_out_sign_in_with_a_code_a_replay_is_refused_and_a_recovery_code_works_once()
    {
        var (name, password, _) = await gatehouse.NewUserAsync();
        var (context, page, errors) = await browser.OpenAsync(PageUrl);
        await using var _ = context;

        await BrowserFixture.SignInAsync(page, name, password);
        var security = page.Locator("#security-section");
        await Expect(security.Locator("#second-factor-state")).ToHaveTextAsync("Two-step sign-in is off: a password alone signs you in.");

        // Enrolment: the QR code is an inline SVG element (the CSP allows no data: image), the key is text.
        await security.GetByRole(AriaRole.Button, new() { Name = "Set up two-step sign-in" }).ClickAsync();
        await Expect(security.Locator(".qr svg")).ToHaveCountAsync(1);
        var key = await security.Locator("#security-enrol-key").TextContentAsync() ?? string.Empty;
        Assert.Matches("^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$", key);
        var enrolledAt = CurrentStep;
        await security.GetByLabel("Code from your authenticator app", new() { Exact = true }).FillAsync(Code(key, enrolledAt));
        await security.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();

        // Ten recovery codes, shown once.
        var codes = security.Locator("#recovery-codes li");
        await Expect(codes).ToHaveCountAsync(10);
        var recoveryCodes = await codes.AllTextContentsAsync();
        Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots", "tokens-recovery-codes.png"), FullPage = true });
        await security.GetByRole(AriaRole.Button, new() { Name = "I have saved my recovery codes" }).ClickAsync();
        await Expect(security.Locator("#second-factor-state")).ToHaveTextAsync("Two-step sign-in is on. Recovery codes left: 10.");

        // The password alone no longer signs in: the code step comes, and a code of a later step completes it.
        await SignOutAsync(page);
        await BrowserFixture.SignInAsync(page, name, password);
        var code = Code(key, enrolledAt + 1);
        await EnterCodeAsync(page, code);
        await Expect(page.Locator("#who")).ToBeVisibleAsync();
        await Expect(page.Locator("#who-name")).ToHaveTextAsync(name);
        var session = await page.EvaluateAsync<string>("JSON.parse(sessionStorage.getItem('gatehouse.tokens.session')).token");
        using (var allowed = await gatehouse.AuthorizeAsync("GET", "/api/x", ("X-Authentication-Token", session)))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // The same code again: refused, and the page stays on the code step.
        await SignOutAsync(page);
        await BrowserFixture.SignInAsync(page, name, password);
        await EnterCodeAsync(page, code);
        await Expect(Status(page)).ToHaveTextAsync("That code was already used: wait for the next one.");
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('gatehouse.tokens.session')"));

        // A recovery code instead: once.
        await EnterCodeAsync(page, recoveryCodes[0]);
        await Expect(page.Locator("#who")).ToBeVisibleAsync();
        await Expect(security.Locator("#second-factor-state")).ToHaveTextAsync("Two-step sign-in is on. Recovery codes left: 9.");
        await SignOutAsync(page);
        await BrowserFixture.SignInAsync(page, name, password);
        await EnterCodeAsync(page, recoveryCodes[0]);
        await Expect(Status(page)).ToContainTextAsync("That code is not right");
        await Expect(page.Locator("#who")).ToBeHiddenAsync();

        Assert.All(errors, error => Assert.True(error.Contains("401", StringComparison.Ordinal), error));
    }

    [Fact]
    public async Task Turning_it_off_takes_a_code()
    {
        var (name, password, basic) = await gatehouse.NewUserAsync();
        var (key, recoveryCodes, step) = await EnrolAsync(gatehouse.Client, await SessionAsync(gatehouse.Client, basic));
        var (context, page, errors) = await browser.OpenAsync(PageUrl);
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, name, password);
        await EnterCodeAsync(page, Code(key, step + 1));
        await Expect(page.Locator("#who")).ToBeVisibleAsync();
        var security = page.Locator("#security-section");

        await security.GetByRole(AriaRole.Button, new() { Name = "Turn off two-step sign-in" }).ClickAsync();
        await security.GetByLabel("Code from your authenticator app, or a recovery code").FillAsync(recoveryCodes[9]);
        await security.GetByRole(AriaRole.Button, new() { Name = "Turn off", Exact = true }).ClickAsync();

        await Expect(security.Locator("#second-factor-state")).ToHaveTextAsync("Two-step sign-in is off: a password alone signs you in.");
        await Expect(Status(page)).ToHaveTextAsync("Two-step sign-in is off.");
        Assert.All(errors, error => Assert.True(error.Contains("401", StringComparison.Ordinal), error));
    }
}

/// <summary>SPEC §12 in Chromium with <c>Gatehouse:Mfa:Require = Everyone</c>: the first sign-in is an enrolment.</summary>
public sealed class SignInRequiredBrowserTests(MfaRequiredFixture gatehouse, BrowserFixture browser)
    : IClassFixture<MfaRequiredFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_first_sign_in_makes_the_user_enrol_before_anything_else()
    {
        var (name, password, _) = await gatehouse.NewUserAsync();
        var (context, page, errors) = await browser.OpenAsync(new Uri(gatehouse.Client.BaseAddress!, "tokens").ToString());
        await using var _ = context;

        await BrowserFixture.SignInAsync(page, name, password);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up two-step sign-in" })).ToBeVisibleAsync();
        await Expect(page.Locator(".qr svg")).ToHaveCountAsync(1);
        await Expect(page.Locator("#tokens-section")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('gatehouse.tokens.session')"));
        var key = await page.Locator("#enrol-key").TextContentAsync() ?? string.Empty;
        await page.GetByLabel("Code from your authenticator app", new() { Exact = true }).FillAsync(Code(key, CurrentStep));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();

        await Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await page.GetByRole(AriaRole.Button, new() { Name = "I have saved my recovery codes" }).ClickAsync();
        await Expect(page.Locator("#who")).ToBeVisibleAsync();
        await Expect(page.Locator("#who-name")).ToHaveTextAsync(name);
        await Expect(page.Locator("#tokens-section")).ToBeVisibleAsync();
        await Expect(page.Locator("#second-factor-state")).ToHaveTextAsync("Two-step sign-in is on. Recovery codes left: 10.");
        Assert.All(errors, error => Assert.True(error.Contains("401", StringComparison.Ordinal), error));
    }
}
