using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Gatehouse.Audit;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// How the published app behaves as a process, under the Functions host double and standalone: ready before its
/// dependencies, 503 (never 401 or 500) when they are down, its log lines, its housekeeping.
/// </summary>
public sealed class HostingEndToEndTests
{
    private static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Gatehouse__Storage__ConnectionString"] = connectionString,
        ["Gatehouse__Bootstrap__UserName"] = "admin",
        ["Gatehouse__Bootstrap__Password"] = "a-long-enough-password-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
        ["Gatehouse__Secrets__token-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Gatehouse__Secrets__portal-sso-secret"] = "portal-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
    };

    [Theory]
    [InlineData(HostingMode.Worker)]
    [InlineData(HostingMode.Standalone)]
    public async Task With_storage_down_the_app_is_ready_and_answers_503_with_retry_after(HostingMode mode)
    {
        // Ready means: every function loaded (worker), GET / answered (standalone); neither waits for storage.
        await using var handler = await GatehouseProcess.StartAsync(Settings(AzuriteProcess.UnreachableConnectionString()), mode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/authentication/token?applicationName=a&deviceId=d&permission=rw")
        {
            Headers = { Authorization = GatehouseFixture.Basic("admin", "whatever") },
        };
        using var handshake = await handler.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, handshake.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), handshake.Headers.RetryAfter!.Delta);
        Assert.Equal("Service unavailable: storage cannot be reached. Retry later.", await handshake.Content.ReadAsStringAsync());

        using var health = await handler.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("\"storage\":\"unavailable\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_coming_back_heals_without_a_restart()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await azurite.StopAsync();
        await using var handler = await GatehouseProcess.StartAsync(Settings(azurite.ConnectionString));
        using (var down = await handler.Client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Contains("\"storage\":\"unavailable\"", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await azurite.StartAgainAsync();

        using var up = await handler.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Contains("\"storage\":\"ok\"", await up.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outage_writes_one_warning_however_many_requests_fail_and_one_line_with_the_count_when_storage_is_back()
    {
        const int Requests = 8;
        await using var azurite = await AzuriteProcess.StartAsync();
        await azurite.StopAsync();
        var settings = Settings(azurite.ConnectionString);
        await using var handler = await GatehouseProcess.StartAsync(settings, HostingMode.Standalone);

        for (var i = 0; i < Requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/authentication/token?applicationName=a&deviceId=d&permission=rw")
            {
                Headers = { Authorization = GatehouseFixture.Basic("admin", settings["Gatehouse__Bootstrap__Password"]) },
            };
            using var refused = await handler.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        await azurite.StartAgainAsync();
        using (var up = await handler.Client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        }

        var recovered = await WaitForLineAsync(handler, "info: Gatehouse.DependencyHealth[4001]");
        var output = handler.Output.Split('\n');
        var warnings = output.Where(line => line.StartsWith("warn: Gatehouse.", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)).ToList();

        // The one other warning is the start-up notice that secrets come from configuration.
        Assert.Equal(["warn: Gatehouse.DependencyHealth[4000]", "warn: Gatehouse.Secrets.ConfigurationSecretStore[3100]"], warnings.Order(StringComparer.Ordinal));
        Assert.True(output.Length < 200, $"{output.Length} lines of output for {Requests} refused requests:\n{handler.Output}");
        Assert.Single(output, line => line.StartsWith("info: Gatehouse.DependencyHealth[4001]", StringComparison.Ordinal));
        var unlogged = int.Parse(Regex.Match(recovered, @"; (\d+) more failure\(s\)").Groups[1].Value, CultureInfo.InvariantCulture);
        // The first request may share the failing start-up initialization; every later one fails on its own.
        Assert.True(unlogged >= Requests - 1, $"{unlogged} failures counted for {Requests} refused requests:\n{handler.Output}");
    }

    [Fact]
    public async Task Storage_restarted_empty_under_a_running_handler_answers_2xx_or_401_never_500()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var settings = Settings(azurite.ConnectionString);
        var admin = GatehouseFixture.Basic("admin", settings["Gatehouse__Bootstrap__Password"]);
        await using var handler = await GatehouseProcess.StartAsync(settings);
        string token;
        using (var acquired = await SendAsync(handler, HttpMethod.Get, "/authentication/token?applicationName=a&deviceId=d&permission=rw", admin))
        {
            Assert.Equal(HttpStatusCode.Created, acquired.StatusCode);
            token = await acquired.Content.ReadAsStringAsync();
        }

        await azurite.StopAsync();
        await azurite.StartAgainAsync();

        // The emulator lost every table. A credential cached before may still sign in (2xx); a lookup says 401.
        HttpStatusCode[] answered =
        [
            await StatusAsync(handler, HttpMethod.Get, "/api/v1/token", admin),
            await StatusAsync(handler, HttpMethod.Get, "/authentication/token?applicationName=a&deviceId=d&permission=rw", admin),
            await StatusAsync(handler, HttpMethod.Post, "/api/v1/token?application=cli&deviceId=laptop&permission=r", admin),
            await StatusAsync(handler, HttpMethod.Get, "/api/v1/token", admin),
            await StatusAsync(handler, HttpMethod.Get, "/authentication/token?applicationName=a&deviceId=d&revoke=true", admin),
        ];
        Assert.All(answered, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Accepted, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized }));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(handler, HttpMethod.Get, "/api/v1/token", new AuthenticationHeaderValue("Bearer", token)));
        Assert.DoesNotContain(handler.Output.Split('\n'), line => line.StartsWith("fail:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Standalone_the_app_sweeps_expired_nonces_and_old_audit_rows_on_its_interval_without_delaying_readiness()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var nonces = new TableClient(azurite.ConnectionString, "nonces");
        await nonces.CreateAsync();
        await nonces.AddEntityAsync(new TableEntity("ab", "ab" + new string('0', 62)) { ["ExpiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-1) });
        await nonces.AddEntityAsync(new TableEntity("cd", "cd" + new string('0', 62)) { ["ExpiresAt"] = DateTimeOffset.UtcNow.AddHours(1) });
        var audit = new TableClient(azurite.ConnectionString, "audit");
        await audit.CreateAsync();
        var old = TableAuditStore.TimeKey(DateTimeOffset.UtcNow.AddDays(-91)) + "|0123456789abcdef";
        var recent = TableAuditStore.TimeKey(DateTimeOffset.UtcNow.AddDays(-1)) + "|0123456789abcdef";
        await audit.AddEntityAsync(new TableEntity("user|bob", old) { ["Type"] = AuditEventTypes.TokenIssued });
        await audit.AddEntityAsync(new TableEntity("user|bob", recent) { ["Type"] = AuditEventTypes.TokenIssued });
        var settings = Settings(azurite.ConnectionString);
        settings["Gatehouse__Housekeeping__Interval"] = "00:00:01";
        await using var handler = await GatehouseProcess.StartAsync(settings, HostingMode.Standalone);

        var swept = await WaitForLineAsync(handler, "info: Gatehouse.Housekeeping.Housekeeper[4100]");

        Assert.Contains("deleted 1 expired nonce(s)", swept, StringComparison.Ordinal);
        Assert.Equal(["cd"], (await nonces.QueryAsync<TableEntity>().ToListAsync()).Select(row => row.PartitionKey));
        Assert.Contains(", 1 old audit row(s) and ", swept, StringComparison.Ordinal);
        // The app's own events (the bootstrap administrator's creation) are in other partitions.
        Assert.Equal([recent], (await audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"user|bob"}")).ToListAsync()).Select(row => row.RowKey));
    }

    [Fact]
    public async Task Under_the_functions_host_the_housekeeping_timer_sweeps_expired_nonces_and_old_audit_rows()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var nonces = new TableClient(azurite.ConnectionString, "nonces");
        await nonces.CreateAsync();
        await nonces.AddEntityAsync(new TableEntity("ab", "ab" + new string('0', 62)) { ["ExpiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-1) });
        await nonces.AddEntityAsync(new TableEntity("cd", "cd" + new string('0', 62)) { ["ExpiresAt"] = DateTimeOffset.UtcNow.AddHours(1) });
        var audit = new TableClient(azurite.ConnectionString, "audit");
        await audit.CreateAsync();
        var old = TableAuditStore.TimeKey(DateTimeOffset.UtcNow.AddDays(-91)) + "|0123456789abcdef";
        var recent = TableAuditStore.TimeKey(DateTimeOffset.UtcNow.AddDays(-1)) + "|0123456789abcdef";
        await audit.AddEntityAsync(new TableEntity("user|bob", old) { ["Type"] = AuditEventTypes.TokenIssued });
        await audit.AddEntityAsync(new TableEntity("user|bob", recent) { ["Type"] = AuditEventTypes.TokenIssued });
        await using var host = (Gatehouse.Testing.FunctionsHost.FunctionsHostDouble)await GatehouseProcess.StartAsync(Settings(azurite.ConnectionString), HostingMode.Worker);

        var outcome = await host.InvokeAsync("housekeeping", new Gatehouse.Testing.FunctionsHost.TimerTick());

        Assert.Equal(Gatehouse.Testing.FunctionsHost.InvocationStatus.Success, outcome.Status);
        Assert.Contains(outcome.Logs, line => line.Contains("deleted 1 expired nonce(s)", StringComparison.Ordinal));
        Assert.Equal(["cd"], (await nonces.QueryAsync<TableEntity>().ToListAsync()).Select(row => row.PartitionKey));
        Assert.Contains(outcome.Logs, line => line.Contains(", 1 old audit row(s) and ", StringComparison.Ordinal));
        // The app's own events (the bootstrap administrator's creation) are in other partitions.
        Assert.Equal([recent], (await audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"user|bob"}")).ToListAsync()).Select(row => row.RowKey));
    }

    [Fact]
    public async Task Standalone_a_path_base_serves_nuxeo_style_urls()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var settings = Settings(azurite.ConnectionString);
        settings["Gatehouse__PathBase"] = "nuxeo";
        await using var handler = await GatehouseProcess.StartAsync(settings, HostingMode.Standalone);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/nuxeo/authentication/token?applicationName=a&deviceId=d&permission=rw")
        {
            Headers = { Authorization = GatehouseFixture.Basic("admin", settings["Gatehouse__Bootstrap__Password"]) },
        };
        using var response = await handler.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(IServedApp handler, HttpMethod method, string pathAndQuery, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Headers = { Authorization = authorization } };
        return await handler.Client.SendAsync(request);
    }

    private static async Task<HttpStatusCode> StatusAsync(IServedApp handler, HttpMethod method, string pathAndQuery, AuthenticationHeaderValue authorization)
    {
        using var response = await SendAsync(handler, method, pathAndQuery, authorization);
        return response.StatusCode;
    }

    /// <summary>The message line after the first header line starting with <paramref name="header"/>, once the handler has written it.</summary>
    private static async Task<string> WaitForLineAsync(IServedApp handler, string header)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var lines = handler.Output.Split('\n');
            var index = Array.FindIndex(lines, line => line.StartsWith(header, StringComparison.Ordinal));
            if (index >= 0 && index + 1 < lines.Length)
            {
                return lines[index + 1];
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The handler never logged '{header}':\n{handler.Output}");
    }

    [Theory]
    [InlineData("Gatehouse__TokenPage__SessionLifetime", "00:00:30", "Gatehouse:TokenPage:SessionLifetime")]
    [InlineData("Gatehouse__TokenPage__SessionLifetime", "2.00:00:00", "Gatehouse:TokenPage:SessionLifetime")]
    [InlineData("Gatehouse__Authorizer__UserHeader", "", "UserHeader")]
    public async Task An_invalid_handler_setting_stops_start_up_naming_it(string variable, string value, string named)
    {
        var settings = Settings(AzuriteProcess.UnreachableConnectionString());
        settings[variable] = value;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => GatehouseProcess.StartAsync(settings));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("changeme")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/bootstrap-password/)")]
    [InlineData("short")]
    [InlineData("")]
    public async Task A_weak_or_empty_bootstrap_password_outside_development_stops_start_up(string password)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var settings = Settings(azurite.ConnectionString);
        settings["Gatehouse__Bootstrap__Password"] = password;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => GatehouseProcess.StartAsync(settings));

        Assert.Contains("Gatehouse:Bootstrap:Password", refused.Message, StringComparison.Ordinal);
        if (password.Length > 0 && !password.StartsWith('@'))
        {
            Assert.DoesNotContain(password, refused.Message.Replace("Gatehouse:Bootstrap:Password", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}
