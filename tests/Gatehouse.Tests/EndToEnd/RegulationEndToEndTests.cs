using System.Diagnostics;
using System.Net;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>A Gatehouse whose bans last 3 seconds, hashing at the shipped cost (600,000 iterations), so that an answer without a hash shows.</summary>
public sealed class ShortBanFixture : GatehouseFixture
{
    public static readonly TimeSpan BanTime = TimeSpan.FromSeconds(3);

    protected override Dictionary<string, string> Environment(string storageConnectionString)
    {
        var settings = base.Environment(storageConnectionString);
        settings["Gatehouse__Regulation__BanTime"] = "00:00:03";
        return settings;
    }
}

/// <summary>SPEC §10's regulation against the published handler: Basic callers are told 429 and when to come back.</summary>
public sealed class RegulationEndToEndTests(ShortBanFixture gatehouse) : IClassFixture<ShortBanFixture>
{
    [Fact]
    public async Task After_three_wrong_passwords_the_right_one_gets_429_without_a_hash_until_the_ban_ends()
    {
        var wrongTimes = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var (wrong, took) = await TimedAsync(GatehouseFixture.Basic(GatehouseFixture.AdminUser, "not-the-password"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            wrongTimes.Add(took);
        }

        var (banned, bannedTook) = await TimedAsync(gatehouse.AdminBasic());

        Assert.Equal(HttpStatusCode.TooManyRequests, banned.StatusCode);
        Assert.InRange(banned.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), ShortBanFixture.BanTime);
        Assert.StartsWith("Too many requests: too many failed sign-ins for this login.", await banned.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A wrong password costs a PBKDF2; the banned answer costs none (self-calibrating: no fixed time on a busy machine).
        Assert.True(bannedTook < wrongTimes.Min() / 2, $"banned answer took {bannedTook.TotalMilliseconds} ms, wrong passwords {string.Join(", ", wrongTimes.Select(t => t.TotalMilliseconds))} ms");

        await Task.Delay(banned.Headers.RetryAfter!.Delta!.Value);
        var (after, _) = await TimedAsync(gatehouse.AdminBasic());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private async Task<(HttpResponseMessage Response, TimeSpan Took)> TimedAsync(System.Net.Http.Headers.AuthenticationHeaderValue credentials)
    {
        var stopwatch = Stopwatch.StartNew();
        var response = await gatehouse.AuthorizeAsync("GET", "/api/things", ("Authorization", credentials.ToString()));
        return (response, stopwatch.Elapsed);
    }
}
