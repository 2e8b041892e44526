using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Testing;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Bench;

/// <summary>How long one kind of change took to be refused by the instance that did not make it, trial by trial.</summary>
internal sealed record Propagation(string Change, IReadOnlyList<double> Ms, int TimedOut)
{
    public double Median => Summary.Median(Ms);

    public double P95 => Ms.Count == 0 ? double.NaN : Ms.Order().ElementAt((int)Math.Ceiling(Ms.Count * 0.95) - 1);

    public double Max => Ms.Count == 0 ? double.NaN : Ms.Max();
}

/// <summary>Storage requests per second of an idle instance (its feed reads and nothing else), with this many bindings stored.</summary>
internal sealed record IdleStorageCost(int Bindings, double RequestsPerSecond);

internal sealed record RevocationResults(IReadOnlyList<Propagation> Changes, IReadOnlyList<IdleStorageCost> IdleCost);

/// <summary>
/// Issue #15 item 1, measured: two handler instances on one storage account, both caching as shipped. B first
/// accepts a credential (so it is cached there), then the change is made elsewhere — a token revoked through A, a
/// password changed or a user disabled by the library in this process, a third instance — and B is asked every
/// 10 ms until it answers 401. Each trial starts at a random moment of the feed's one-second cycle. Then B's storage
/// requests while idle, read off its Prometheus endpoint, before and after 10,000 more bindings are stored.
/// </summary>
internal static class RevocationPropagation
{
    public const double GoalMs = 2_000;

    private const string Protected = "/authorize";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(20);

    public static async Task<RevocationResults> MeasureAsync(string handlerDirectory, HandlerSettings settings, int trials, string output)
    {
        await using var storage = await AzuriteProcess.StartAsync();
        var (promA, promB) = (FreePort.Next(), FreePort.Next());
        await using var a = StandaloneProcess.Start(handlerDirectory, "gatehouse", InstanceSettings(settings, storage.ConnectionString, promA));
        await using var b = StandaloneProcess.Start(handlerDirectory, "gatehouse", InstanceSettings(settings, storage.ConnectionString, promB));
        await a.WaitForAsync("/", HttpStatusCode.OK);
        await b.WaitForAsync("/", HttpStatusCode.OK);
        await using var library = LibraryStack.Build(settings, storage.ConnectionString);
        var users = library.GetRequiredService<IUserDirectory>();
        var admin = Basic(HandlerSettings.UserName, settings.Password);

        var idle = new List<IdleStorageCost>();
        for (var i = 0; i < 10; i++)
        {
            await AcceptedAsync(b, ("X-Authentication-Token", await HandshakeAsync(a, admin, $"idle-{i}")));
        }

        idle.Add(await IdleCostAsync(promB, bindings: 10));

        var revoked = new List<double>();
        var timedOut = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            var device = $"revoked-{trial}";
            var token = ("X-Authentication-Token", await HandshakeAsync(a, admin, device));
            await AcceptedAsync(b, token);
            await RandomPhaseAsync();
            await HandshakeAsync(a, admin, device, revoke: true);
            timedOut += Record(revoked, await UntilRefusedAsync(b, token));
        }

        var passwords = new List<double>();
        var passwordTimeouts = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            var (name, password) = ($"password-{trial}", NewPassword());
            await users.CreateAsync(new NewUser(name, password, Email: null, Groups: []));
            var old = ("Authorization", Basic(name, password));
            await AcceptedAsync(b, old);
            await RandomPhaseAsync();
            await users.SetPasswordAsync(name, NewPassword());
            passwordTimeouts += Record(passwords, await UntilRefusedAsync(b, old));
        }

        var disabled = new List<double>();
        var disableTimeouts = 0;
        const string DisabledUser = "disabled";
        var disabledPassword = NewPassword();
        await users.CreateAsync(new NewUser(DisabledUser, disabledPassword, Email: null, Groups: []));
        var disabledToken = ("X-Authentication-Token", await HandshakeAsync(a, Basic(DisabledUser, disabledPassword), "disabled-device"));
        for (var trial = 0; trial < trials; trial++)
        {
            // Enabling again propagates the same way: B accepts the token once the feed has told it.
            await users.SetEnabledAsync(DisabledUser, true);
            await UntilAcceptedAsync(b, disabledToken);
            await RandomPhaseAsync();
            await users.SetEnabledAsync(DisabledUser, false);
            disableTimeouts += Record(disabled, await UntilRefusedAsync(b, disabledToken));
        }

        Console.WriteLine("  seeding 10,000 bindings for the idle cost...");
        await TokenSeeder.SeedAsync(settings, storage.ConnectionString, 10_000, Path.Combine(output, "tokens-revocation.txt"));
        idle.Add(await IdleCostAsync(promB, bindings: 10_010));

        Propagation[] changes =
        [
            new("token revoked through A (handshake revoke=true)", revoked, timedOut),
            new("password changed elsewhere (Basic, old password)", passwords, passwordTimeouts),
            new("user disabled elsewhere (their token)", disabled, disableTimeouts),
        ];
        foreach (var change in changes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {change.Change}: {string.Join(", ", change.Ms.Select(ms => ms.ToString("N0", CultureInfo.InvariantCulture)))} ms{(change.TimedOut > 0 ? $", {change.TimedOut} beyond {Patience.TotalSeconds:N0} s" : string.Empty)}"));
        }

        return new RevocationResults(changes, idle);
    }

    /// <summary>As shipped, but per-address regulation off: every trial's single 401 comes from 127.0.0.1, and 60 of them would ban it.</summary>
    private static Dictionary<string, string> InstanceSettings(HandlerSettings settings, string storage, int prometheusPort) =>
        new(settings.For(storage))
        {
            ["Gatehouse__Regulation__PerAddress"] = "false",
            ["Gatehouse__Metrics__PrometheusPort"] = prometheusPort.ToString(CultureInfo.InvariantCulture),
        };

    private static int Record(List<double> trials, double? ms)
    {
        if (ms is { } value)
        {
            trials.Add(value);
            return 0;
        }

        return 1;
    }

    /// <summary>The feed is read once a second: a change made at a random moment of that cycle, not in step with it.</summary>
    private static Task RandomPhaseAsync() => Task.Delay(RandomNumberGenerator.GetInt32(1_000));

    private static async Task<string> HandshakeAsync(StandaloneProcess app, string basic, string device, bool revoke = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/authentication/token?applicationName=bench&deviceId={device}&permission=rw{(revoke ? "&revoke=true" : string.Empty)}");
        request.Headers.TryAddWithoutValidation("Authorization", basic);
        using var response = await app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task AcceptedAsync(StandaloneProcess app, (string Name, string Value) credential)
    {
        var status = await AuthorizeAsync(app, credential);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"instance B answered {(int)status} to a credential it should accept");
        }
    }

    private static async Task UntilAcceptedAsync(StandaloneProcess app, (string Name, string Value) credential)
    {
        var since = Stopwatch.StartNew();
        while (await AuthorizeAsync(app, credential) != HttpStatusCode.OK)
        {
            if (since.Elapsed > Patience)
            {
                throw new InvalidOperationException($"instance B still refuses a credential after {Patience.TotalSeconds:N0} s");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Milliseconds until <paramref name="app"/> answers 401, or null after <see cref="Patience"/>.</summary>
    private static async Task<double?> UntilRefusedAsync(StandaloneProcess app, (string Name, string Value) credential)
    {
        var since = Stopwatch.StartNew();
        while (since.Elapsed < Patience)
        {
            var status = await AuthorizeAsync(app, credential);
            if (status == HttpStatusCode.Unauthorized)
            {
                return since.Elapsed.TotalMilliseconds;
            }

            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"instance B answered {(int)status} while the change propagated");
            }

            await Task.Delay(PollInterval);
        }

        return null;
    }

    private static async Task<HttpStatusCode> AuthorizeAsync(StandaloneProcess app, (string Name, string Value) credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Protected);
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/api/things");
        request.Headers.TryAddWithoutValidation(credential.Name, credential.Value);
        using var response = await app.Client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<IdleStorageCost> IdleCostAsync(int prometheusPort, int bindings)
    {
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}") };
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (before, since) = (await StorageCallsAsync(scraper), Stopwatch.StartNew());
        await Task.Delay(IdleWindow);
        var after = await StorageCallsAsync(scraper);
        var perSecond = (after - before) / since.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  idle instance, {bindings:N0} bindings: {perSecond:N2} storage requests/s"));
        return new IdleStorageCost(bindings, perSecond);
    }

    /// <summary>The instance's <c>gatehouse.storage.calls</c> counter, as its Prometheus endpoint exposes it.</summary>
    private static async Task<double> StorageCallsAsync(HttpClient scraper)
    {
        var lines = (await scraper.GetStringAsync("/metrics")).Split('\n');
        return lines.Where(line => line.StartsWith("gatehouse_storage_calls", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static string Basic(string user, string password) =>
        new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))).ToString();

    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
}
