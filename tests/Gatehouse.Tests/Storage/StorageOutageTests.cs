using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gatehouse.DeviceGrant;
using Gatehouse.Mfa;
using Gatehouse.Plugins;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Secrets;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Storage;

/// <summary>
/// SPEC §4.3: when storage is down the stores throw <see cref="DependencyUnavailableException"/> (503),
/// never a bare storage error (500) nor a "not found" (401), and they do so quickly, with the default
/// retry settings, so a gateway's authorizer call does not time out first.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StorageOutageTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public static TheoryData<string> Operations() => new(
        "users.get", "users.login", "users.verify", "users.create", "users.disable", "users.delete",
        "tokens.validate", "tokens.acquire", "tokens.revoke", "tokens.list", "tokens.get", "tokens.renew",
        "nonces.claim", "bans.read", "bans.write", "secondfactors.read", "secondfactors.add", "secondfactors.delete",
        "devicecodes.add", "devicecodes.find", "devicecodes.replace");

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Unreachable_storage_is_a_quick_storage_outage(string operation)
    {
        var context = new StorageTestContext(AzuriteFixture.UnreachableConnectionString);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => Run(context, operation));

        Assert.Equal("storage", error.Dependency);
        Assert.True(stopwatch.Elapsed < Bound, $"{operation} took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_as_an_outage()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var options = new StorageOptions { ConnectionString = AzuriteProcess.ConnectionStringFor(port), MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(50), NetworkTimeout = TimeSpan.FromSeconds(1) };
        var context = new StorageTestContext(options.ConnectionString, storageOptions: options);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await context.Tokens.ValidateAsync(TokenFormat.Derive(new byte[32], "x")));

        Assert.Equal("storage", error.Dependency);
        Assert.True(stopwatch.Elapsed < Bound, $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var options = new StorageOptions { ConnectionString = AzuriteProcess.ConnectionStringFor(port), MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(30) };
        var context = new StorageTestContext(options.ConnectionString, storageOptions: options);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Record.ExceptionAsync(async () => await context.Users.GetAsync("alice", cancellation.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    [Fact]
    public async Task Storage_that_goes_away_and_comes_back_recovers_without_restart()
    {
        await using var storage = await AzuriteProcess.StartAsync();
        var context = new StorageTestContext(storage.ConnectionString);
        await context.Users.CreateAsync(new NewUser("alice", "pw"));
        var issued = await context.Tokens.AcquireAsync(new TokenRequest("alice", "app", "device", null, "ReadWrite"));

        await storage.StopAsync();
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await context.Tokens.ValidateAsync(issued.Token));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await context.Users.GetAsync("alice"));

        await storage.StartAgainAsync();

        // In-memory Azurite lost its data; the point is that the same services work again, and say "not found" rather than "down".
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);
        Assert.Null(await context.Users.GetAsync("alice"));
    }

    [Fact]
    public async Task A_lastUsed_write_failing_does_not_fail_a_valid_token()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(new TokenRequest("alice", "app", "device", null, "ReadWrite"));
        var budget = new WriteBudget(0) { WriteFailure = () => new Azure.RequestFailedException(503, "write outage") };
        var failingWrites = context.CreateTokenService(new CrashingTableServiceClient(context.ServiceClient, budget));

        var validation = await failingWrites.ValidateAsync(issued.Token);

        Assert.Equal(TokenStatus.Valid, validation.Status);
        Assert.Null((await context.Tokens.GetByIdAsync("alice", issued.Binding.Id))!.LastUsed);
    }

    [Fact]
    public async Task Storage_down_for_many_requests_logs_one_warning_with_its_cause_and_one_line_when_it_answers_again()
    {
        const int Requests = 12;
        var context = new StorageTestContext(azurite);
        var logs = new CapturingLoggerProvider();
        var budget = new WriteBudget(null) { Outage = () => new Azure.RequestFailedException(503, "Service Unavailable") };
        var tables = context.CreateTables(new CrashingTableServiceClient(context.ServiceClient, budget), new DependencyHealth(context.Time, logs.CreateLogger<DependencyHealth>()));
        var tokens = new TableTokenService(tables, context.Secrets, Options.Create(context.TokenOptions), context.Time, logs.CreateLogger<TableTokenService>());
        var users = new TableUserDirectory(tables, new PasswordHasher(StorageTestContext.TestIterations), StorageTestContext.Hashing, tokens, new TableGroupDirectory(tables, logs.CreateLogger<TableGroupDirectory>()), context.Time, logs.CreateLogger<TableUserDirectory>());
        var nonces = new TableNonceStore(tables, context.Time);

        for (var i = 0; i < Requests; i++)
        {
            Func<Task> request = (i % 4) switch
            {
                0 => async () => await tokens.ValidateAsync(TokenFormat.Derive(new byte[32], "0123456789abcdef0123456789abcdef")),
                1 => () => tokens.AcquireAsync(new TokenRequest("alice", "app", "device", null, "ReadWrite")),
                2 => async () => await users.VerifyPasswordAsync("alice", "pw"),
                _ => async () => await nonces.TryClaimAsync("nonce-" + i, context.Time.GetUtcNow().AddHours(1)),
            };
            await Assert.ThrowsAsync<DependencyUnavailableException>(request);
            context.Time.Advance(TimeSpan.FromSeconds(1));
        }

        budget.Outage = null;
        await users.GetAsync("alice");
        await users.GetAsync("alice");

        var lines = logs.Entries.Where(e => e.Level >= LogLevel.Information && e.EventId != 2000).ToList();
        Assert.Collection(
            lines,
            warning =>
            {
                Assert.Equal((LogLevel.Warning, 4000), (warning.Level, warning.EventId));
                Assert.Contains("Service Unavailable", warning.Exception, StringComparison.Ordinal);
            },
            recovered =>
            {
                Assert.Equal((LogLevel.Information, 4001), (recovered.Level, recovered.EventId));
                Assert.Contains($"after 00:00:{Requests:00}; {Requests - 1} more failure(s)", recovered.Message, StringComparison.Ordinal);
            });
    }

    private static async Task Run(StorageTestContext context, string operation)
    {
        var token = TokenFormat.Derive(new byte[32], "0123456789abcdef0123456789abcdef");
        var request = new TokenRequest("alice", "app", "device", null, "ReadWrite");
        switch (operation)
        {
            case "users.get": await context.Users.GetAsync("alice"); break;
            case "users.login": await context.Users.FindByLoginAsync("alice@example.com"); break;
            case "users.verify": await context.Users.VerifyPasswordAsync("alice", "pw"); break;
            case "users.create": await context.Users.CreateAsync(new NewUser("alice", "pw", "alice@example.com")); break;
            case "users.disable": await context.Users.SetEnabledAsync("alice", false); break;
            case "users.delete": await context.Users.DeleteAsync("alice"); break;
            case "tokens.validate": await context.Tokens.ValidateAsync(token); break;
            case "tokens.acquire": await context.Tokens.AcquireAsync(request); break;
            case "tokens.revoke": await context.Tokens.RevokeAsync("alice", "app", "device"); break;
            case "tokens.list": await context.Tokens.ListAsync("alice"); break;
            case "tokens.get": await context.Tokens.GetByIdAsync("alice", "0123456789abcdef0123456789abcdef"); break;
            case "tokens.renew": await context.Tokens.RenewAsync("alice", "0123456789abcdef0123456789abcdef"); break;
            case "nonces.claim": await context.Nonces.TryClaimAsync("nonce", context.Time.GetUtcNow().AddHours(1)); break;
            case "bans.read": await context.Bans.GetBanEndAsync("login:alice"); break;
            case "bans.write": await context.Bans.BanAsync("login:alice", context.Time.GetUtcNow().AddMinutes(5)); break;
            case "secondfactors.read": await context.SecondFactors.GetAsync("alice"); break;
            case "secondfactors.add": await context.SecondFactors.TryAddAsync(new SecondFactorRecord("alice", false, new SealedSecret("v", "AAAA"), -1, string.Empty, [], context.Time.GetUtcNow())); break;
            case "secondfactors.delete": await context.SecondFactors.DeleteAsync("alice", eTag: null); break;
            case "devicecodes.add": await new TableDeviceGrantStore(context.Tables).TryAddAsync(DeviceGrant(eTag: null)); break;
            case "devicecodes.find": await new TableDeviceGrantStore(context.Tables).FindByUserCodeAsync(new string('a', 64)); break;
            case "devicecodes.replace": await new TableDeviceGrantStore(context.Tables).TryReplaceAsync(DeviceGrant(eTag: "W/\"1\"")); break;
            default: throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private static DeviceGrantRecord DeviceGrant(string? eTag) =>
        new(new string('d', 64), new string('u', 64), "cli", "box", null, "ReadWrite", DateTimeOffset.UnixEpoch, 5, null, DeviceGrantState.Pending, null, eTag);
}
