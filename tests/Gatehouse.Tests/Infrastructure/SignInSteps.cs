using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OtpNet;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// The web sign-in (<c>POST /signin</c>) and the second-factor calls as a page makes them, and the codes an authenticator
/// app would show. Paths are relative to the client's base address, so a client under a path base works too.
/// </summary>
public static class SignInSteps
{
    /// <summary>The 30-second TOTP step a time falls in.</summary>
    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / 30;

    public static long CurrentStep => StepAt(DateTimeOffset.UtcNow);

    /// <summary>The code an app with <paramref name="key"/> (as shown: base32 in groups) shows during <paramref name="step"/>.</summary>
    public static string Code(string key, long step) =>
        new Totp(Base32Encoding.ToBytes(key.Replace(" ", string.Empty, StringComparison.Ordinal))).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, AuthenticationHeaderValue basic, string? code = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "signin") { Headers = { Authorization = basic } };
        if (code is not null)
        {
            request.Content = Json(new { code });
        }

        return await client.SendAsync(request);
    }

    /// <summary>Signs in (201 expected) and returns the page session's token.</summary>
    public static async Task<string> SessionAsync(HttpClient client, AuthenticationHeaderValue basic, string? code = null)
    {
        using var response = await SignInAsync(client, basic, code);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("session").GetProperty("token").GetString()!;
    }

    /// <summary>A second-factor call with the page session (or other credentials), and a code when given.</summary>
    public static async Task<HttpResponseMessage> SecondFactorAsync(HttpClient client, string step, string? session, string? code = null, AuthenticationHeaderValue? basic = null)
    {
        using var request = new HttpRequestMessage(step.Length == 0 ? HttpMethod.Get : HttpMethod.Post, "signin/second-factor" + step) { Headers = { Authorization = basic } };
        if (session is not null)
        {
            request.Headers.Add("X-Authentication-Token", session);
        }

        if (code is not null)
        {
            request.Content = Json(new { code });
        }

        return await client.SendAsync(request);
    }

    /// <summary>Turns the second factor on from a page session: returns the key and the ten recovery codes, and the step used.</summary>
    public static async Task<(string Key, string[] RecoveryCodes, long Step)> EnrolAsync(HttpClient client, string session)
    {
        using var begun = await SecondFactorAsync(client, "/enrolment", session);
        Assert.Equal(HttpStatusCode.OK, begun.StatusCode);
        var key = (await JsonAsync(begun)).GetProperty("key").GetString()!;
        var step = CurrentStep;
        using var confirmed = await SecondFactorAsync(client, "/confirmation", session, Code(key, step));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = (await JsonAsync(confirmed)).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        return (key, codes, step);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The <c>error</c> of a sign-in problem.</summary>
    public static async Task<string?> ErrorAsync(HttpResponseMessage response) => (await JsonAsync(response)).GetProperty("error").GetString();

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
