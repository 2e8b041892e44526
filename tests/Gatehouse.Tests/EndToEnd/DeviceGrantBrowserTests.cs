using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Gatehouse.Tests.Infrastructure.SignInSteps;
using static Microsoft.Playwright.Assertions;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// The device grant in Debian's Chromium (SPEC §12, RFC 8628): the command-line side polls in the test while the
/// user, with a second factor, enters the code on <c>/device</c> and allows it on the consent screen.
/// </summary>
public sealed class DeviceGrantBrowserTests(DriveFixture gatehouse, BrowserFixture browser)
    : IClassFixture<DriveFixture>, IClassFixture<BrowserFixture>
{
    /// <summary>What the page may log: the 401 that asks for the code.</summary>
    private static bool Expected(string error) => error.Contains("401", StringComparison.Ordinal);

    [Fact]
    public async Task The_cli_polls_while_the_user_enters_the_code_signs_in_with_a_code_and_allows_it()
    {
        var (name, password, basic) = await gatehouse.NewUserAsync();
        var (key, _, step) = await EnrolAsync(gatehouse.Nuxeo, await SessionAsync(gatehouse.Nuxeo, basic));
        using var started = await gatehouse.Nuxeo.PostAsync("oauth2/device_authorization", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "my-cli",
            ["scope"] = "readwrite",
            ["device_id"] = "workstation",
            ["device_description"] = "Linux",
        }));
        var start = await JsonAsync(started);
        var userCode = start.GetProperty("user_code").GetString()!;
        using var polling = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cli = PollUntilTokenAsync(start.GetProperty("device_code").GetString()!, start.GetProperty("interval").GetInt32(), polling.Token);

        // The user types the code as read out, lower case and without its dash.
        var (context, page, errors) = await browser.OpenAsync(start.GetProperty("verification_uri").GetString()!);
        await using var _ = context;
        await page.GetByLabel("The code your device shows").FillAsync(userCode.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await BrowserFixture.SignInAsync(page, name, password);
        await page.GetByLabel("Code from your authenticator app, or a recovery code").FillAsync(Code(key, step + 1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Allow my-cli to act as you?" })).ToBeVisibleAsync();
        await Expect(page.Locator("#consent-device")).ToHaveTextAsync("workstation (Linux)");
        await Expect(page.Locator("#consent-permission")).ToHaveTextAsync("read and write");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Expect(page.Locator("#outcome")).ToContainTextAsync("You allowed the device");

        var (token, pendingPolls) = await cli;
        Assert.True(pendingPolls >= 1, "the CLI polled before the approval");
        Assert.Equal(HttpStatusCode.OK, await gatehouse.AuthorizeStatusAsync(token));
        Assert.All(errors, error => Assert.True(Expected(error), error));
    }

    [Fact]
    public async Task A_wrong_code_says_so_on_the_page()
    {
        var (context, page, _) = await browser.OpenAsync(new Uri(gatehouse.NuxeoAddress, "device?user_code=BCDF-GHJK").ToString());
        await using var _ = context;

        await Expect(page.Locator("#status")).ToHaveTextAsync("That code is wrong or has expired. Start again on your device and enter the new code.");
        await Expect(page.GetByLabel("The code your device shows")).ToHaveValueAsync("BCDF-GHJK");
    }

    /// <summary>The command-line side: polls at the interval until the token comes, counting the pending answers.</summary>
    private async Task<(string Token, int PendingPolls)> PollUntilTokenAsync(string deviceCode, int interval, CancellationToken cancellationToken)
    {
        var pending = 0;
        while (true)
        {
            using var response = await gatehouse.Nuxeo.PostAsync(
                "oauth2/token",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["device_code"] = deviceCode, ["client_id"] = "my-cli" }),
                cancellationToken);
            var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(cancellationToken));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (body.GetProperty("access_token").GetString()!, pending);
            }

            Assert.Equal("authorization_pending", body.GetProperty("error").GetString());
            pending++;
            await Task.Delay(TimeSpan.FromSeconds(interval), cancellationToken);
        }
    }
}
