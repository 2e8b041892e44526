using System.Security.Cryptography;
using Azure.Security.KeyVault.Secrets;
using Gatehouse.Secrets;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Secrets;

public sealed class KeyVaultSecretStoreTests
{
    private const string Name = SecretNames.PortalSsoSecret;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Secret_client_answers_the_vault_challenge_then_reads_the_secret()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        var version = h.Vault.SetSecret(Name, "portal-secret-one");

        var set = await h.Store.GetAsync(Name);

        Assert.Equal(new SecretVersion(version, "portal-secret-one"), set.Current);
        var requests = h.Vault.Requests;
        Assert.False(requests[0].Authenticated);
        Assert.Equal(401, requests[0].Status);
        Assert.All(requests.Skip(1), r => Assert.True(r.Authenticated));
        Assert.NotEmpty(requests[0].ApiVersion);
        Assert.All(requests, r => Assert.Equal(requests[0].ApiVersion, r.ApiVersion));
        Assert.Equal(1, h.CurrentReads(Name));
        var tokenRequest = Assert.Single(h.Credential.Requests);
        Assert.Equal(["https://vault.azure.net/.default"], tokenRequest.Scopes);
        Assert.Equal(KeyVaultDouble.Tenant, tokenRequest.TenantId);
    }

    [Fact]
    public async Task Vault_double_refuses_an_api_version_key_vault_does_not_know()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(Name, "portal-secret-one");
        var client = new SecretClient(h.Vault.VaultUri, h.Credential, new SecretClientOptions(SecretClientOptions.ServiceVersion.V7_6)
        {
            DisableChallengeResourceVerification = true,
            Transport = h.Vault.CreateClientOptions().Transport,
        });

        Assert.Equal("portal-secret-one", (await client.GetSecretAsync(Name)).Value.Value);
        Assert.Equal("7.6", h.Vault.Requests[^1].ApiVersion);

        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString(HashAlgorithmName.SHA256) == h.Vault.Certificate.GetCertHashString(HashAlgorithmName.SHA256) },
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(h.Vault.VaultUri, $"secrets/{Name}?api-version=6.9"));
        request.Headers.Authorization = new("Bearer", h.Vault.AcceptedToken);
        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Repeated_gets_within_the_refresh_interval_read_the_vault_once()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(Name, "portal-secret-one");

        for (var i = 0; i < 10; i++)
        {
            await h.Store.GetAsync(Name);
        }

        h.Time.Advance(RefreshInterval - TimeSpan.FromSeconds(1));
        var set = await h.Store.GetAsync(Name);

        Assert.Equal("portal-secret-one", set.Current.Value);
        Assert.Equal(1, h.CurrentReads(Name));
        Assert.Equal(1, h.ListPages(Name));
    }

    [Fact]
    public async Task Concurrent_first_gets_share_one_vault_read()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(Name, "portal-secret-one");

        var sets = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => h.Store.GetAsync(Name).AsTask()));

        Assert.All(sets, s => Assert.Equal("portal-secret-one", s.Current.Value));
        Assert.Equal(1, h.CurrentReads(Name));
    }

    [Fact]
    public async Task Get_after_the_refresh_interval_serves_the_cached_value_and_picks_up_the_new_version_in_the_background()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        var one = h.Vault.SetSecret(Name, "portal-secret-one");
        await h.Store.GetAsync(Name);

        h.Time.Advance(RefreshInterval);
        var two = h.Vault.SetSecret(Name, "portal-secret-two");
        var stale = await h.Store.GetAsync(Name);
        await h.RefreshedAsync(Name);
        var fresh = await h.Store.GetAsync(Name);

        Assert.Equal(one, stale.Current.Version);
        Assert.Equal(new SecretVersion(two, "portal-secret-two"), fresh.Current);
        Assert.Equal(new SecretVersion(one, "portal-secret-one"), Assert.Single(fresh.Previous));
        Assert.Equal(2, h.CurrentReads(Name));
    }

    [Fact]
    public async Task Refresh_reads_only_versions_it_has_not_seen()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(Name, "portal-secret-one", created: KeyVaultStoreHarness.Start.AddDays(-30));
        h.Vault.SetSecret(Name, "portal-secret-two", created: KeyVaultStoreHarness.Start.AddHours(-1));
        await h.Store.GetAsync(Name);

        h.Time.Advance(RefreshInterval);
        await h.Store.GetAsync(Name);
        await h.RefreshedAsync(Name);
        var set = await h.Store.GetAsync(Name);

        Assert.Equal("portal-secret-one", Assert.Single(set.Previous).Value);
        Assert.Equal(2, h.CurrentReads(Name));
        Assert.Equal(1, h.VersionReads(Name));
    }

    [Fact]
    public async Task Previous_version_within_the_rotation_overlap_is_accepted_with_the_current()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync(rotationOverlap: TimeSpan.FromDays(1));
        var one = h.Vault.SetSecret(Name, "portal-secret-one", created: KeyVaultStoreHarness.Start.AddDays(-30));
        var two = h.Vault.SetSecret(Name, "portal-secret-two", created: KeyVaultStoreHarness.Start.AddHours(-23));

        var set = await h.Store.GetAsync(Name);

        Assert.Equal(two, set.Current.Version);
        Assert.Equal("portal-secret-one", set.Find(one)?.Value);
        Assert.Equal([two, one], set.Accepted.Select(v => v.Version));
    }

    [Fact]
    public async Task Previous_version_replaced_longer_ago_than_the_overlap_is_not_accepted()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync(rotationOverlap: TimeSpan.FromDays(1));
        var one = h.Vault.SetSecret(Name, "portal-secret-one", created: KeyVaultStoreHarness.Start.AddDays(-30));
        h.Vault.SetSecret(Name, "portal-secret-two", created: KeyVaultStoreHarness.Start.AddDays(-1).AddSeconds(-1));

        var set = await h.Store.GetAsync(Name);

        Assert.Empty(set.Previous);
        Assert.Null(set.Find(one));
        Assert.Equal(0, h.VersionReads(Name));
    }

    [Fact]
    public async Task Disabled_previous_version_is_not_accepted()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        var one = h.Vault.SetSecret(Name, "portal-secret-one", created: KeyVaultStoreHarness.Start.AddDays(-30));
        h.Vault.SetSecret(Name, "portal-secret-two", created: KeyVaultStoreHarness.Start.AddHours(-1));
        h.Vault.DisableVersion(Name, one);

        var set = await h.Store.GetAsync(Name);

        Assert.Empty(set.Previous);
    }

    [Fact]
    public async Task Expired_previous_version_is_not_accepted()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(Name, "portal-secret-one", created: KeyVaultStoreHarness.Start.AddDays(-30), expires: KeyVaultStoreHarness.Start.AddMinutes(-1));
        h.Vault.SetSecret(Name, "portal-secret-two", created: KeyVaultStoreHarness.Start.AddHours(-1));

        var set = await h.Store.GetAsync(Name);

        Assert.Empty(set.Previous);
    }

    [Fact]
    public async Task Previous_version_stops_being_accepted_when_the_overlap_ends_even_between_refreshes()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync(refreshInterval: TimeSpan.FromDays(7), rotationOverlap: TimeSpan.FromDays(1));
        var one = h.Vault.SetSecret(Name, "portal-secret-one", created: KeyVaultStoreHarness.Start.AddDays(-30));
        h.Vault.SetSecret(Name, "portal-secret-two", created: KeyVaultStoreHarness.Start.AddHours(-1));
        Assert.NotNull((await h.Store.GetAsync(Name)).Find(one));

        h.Time.Advance(TimeSpan.FromHours(23) - TimeSpan.FromSeconds(1));
        Assert.NotNull((await h.Store.GetAsync(Name)).Find(one));

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null((await h.Store.GetAsync(Name)).Find(one));
        Assert.Equal(1, h.CurrentReads(Name));
    }

    [Fact]
    public async Task Each_older_version_stays_accepted_for_the_overlap_after_the_version_that_replaced_it()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync(rotationOverlap: TimeSpan.FromDays(1));
        var zero = h.Vault.SetSecret(Name, "portal-secret-zero", created: KeyVaultStoreHarness.Start.AddDays(-60));
        var one = h.Vault.SetSecret(Name, "portal-secret-one", created: KeyVaultStoreHarness.Start.AddDays(-30));
        var two = h.Vault.SetSecret(Name, "portal-secret-two", created: KeyVaultStoreHarness.Start.AddHours(-3));
        var three = h.Vault.SetSecret(Name, "portal-secret-three", created: KeyVaultStoreHarness.Start.AddHours(-1));

        var set = await h.Store.GetAsync(Name);

        Assert.Equal([three, two, one], set.Accepted.Select(v => v.Version));
        Assert.Null(set.Find(zero));
    }

    [Fact]
    public async Task Version_listing_follows_next_links()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.PageSize = 1;
        var one = h.Vault.SetSecret(Name, "portal-secret-one", created: KeyVaultStoreHarness.Start.AddHours(-3));
        var two = h.Vault.SetSecret(Name, "portal-secret-two", created: KeyVaultStoreHarness.Start.AddHours(-2));
        var three = h.Vault.SetSecret(Name, "portal-secret-three", created: KeyVaultStoreHarness.Start.AddHours(-1));

        var set = await h.Store.GetAsync(Name);

        Assert.Equal([three, two, one], set.Accepted.Select(v => v.Version));
        Assert.Equal(3, h.ListPages(Name));
    }

    [Theory]
    [InlineData(KeyVaultOutage.ServiceUnavailable)]
    [InlineData(KeyVaultOutage.ClosedConnection)]
    public async Task Vault_outage_after_the_first_load_keeps_serving_the_last_value(KeyVaultOutage outage)
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        var one = h.Vault.SetSecret(Name, "portal-secret-one");
        await h.Store.GetAsync(Name);
        h.Vault.Outage = outage;

        h.Time.Advance(RefreshInterval);
        var during = await h.Store.GetAsync(Name);
        await h.RefreshedAsync(Name);
        var after = await h.Store.GetAsync(Name);

        Assert.Equal(new SecretVersion(one, "portal-secret-one"), during.Current);
        Assert.Equal(new SecretVersion(one, "portal-secret-one"), after.Current);
        var detail = Assert.Single(h.Logs.Entries, e => e.EventId == LogEvents.RefreshFailed);
        Assert.Equal(LogLevel.Debug, detail.Level);
        Assert.Contains(one, detail.Message, StringComparison.Ordinal);
        var warning = Assert.Single(h.Logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogEvents.DependencyDown, warning.EventId);
        Assert.NotNull(warning.Exception);
        h.Logs.AssertNoneContain("portal-secret-one");
    }

    [Fact]
    public async Task Failed_refresh_is_retried_after_a_short_delay_not_on_every_request()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(Name, "portal-secret-one");
        await h.Store.GetAsync(Name);
        h.Vault.Outage = KeyVaultOutage.ServiceUnavailable;
        h.Time.Advance(RefreshInterval);
        await h.Store.GetAsync(Name);
        await h.RefreshedAsync(Name);
        var afterFailure = h.Vault.Requests.Count;

        for (var i = 0; i < 5; i++)
        {
            await h.Store.GetAsync(Name);
        }

        Assert.Equal(afterFailure, h.Vault.Requests.Count);

        h.Vault.Outage = KeyVaultOutage.None;
        var two = h.Vault.SetSecret(Name, "portal-secret-two");
        h.Time.Advance(RetryDelay);
        await h.Store.GetAsync(Name);
        await h.RefreshedAsync(Name);

        Assert.Equal(two, (await h.Store.GetAsync(Name)).Current.Version);
    }

    [Theory]
    [InlineData(KeyVaultOutage.ServiceUnavailable)]
    [InlineData(KeyVaultOutage.ClosedConnection)]
    public async Task Vault_outage_before_the_first_load_fails_only_the_secret_never_loaded(KeyVaultOutage outage)
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        var tokenKey = Convert.ToBase64String(new byte[32]);
        h.Vault.SetSecret(SecretNames.TokenKey, tokenKey);
        h.Vault.SetSecret(Name, "portal-secret-one");
        await h.Store.GetAsync(SecretNames.TokenKey);
        h.Vault.Outage = outage;

        var failure = await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Store.GetAsync(Name).AsTask());

        Assert.Equal("key-vault", failure.Dependency);
        Assert.Equal(tokenKey, (await h.Store.GetAsync(SecretNames.TokenKey)).Current.Value);
        Assert.Equal(LogLevel.Debug, Assert.Single(h.Logs.Entries, e => e.EventId == LogEvents.LoadFailed).Level);
        Assert.Equal(LogEvents.DependencyDown, Assert.Single(h.Logs.Entries, e => e.Level >= LogLevel.Warning).EventId);
        h.Logs.AssertNoneContain(tokenKey, "portal-secret-one");
    }

    [Fact]
    public async Task A_vault_outage_warns_once_however_many_loads_fail_and_its_end_says_how_many_were_not_logged()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(Name, "portal-secret-one");
        h.Vault.SetSecret(SecretNames.TokenKey, Convert.ToBase64String(new byte[32]));
        await h.Store.GetAsync(Name);
        await h.Store.GetAsync(SecretNames.TokenKey);
        h.Vault.Outage = KeyVaultOutage.ServiceUnavailable;

        // Each round, both secrets are stale and refresh in the background, and both refreshes fail.
        const int Rounds = 3;
        for (var round = 0; round < Rounds; round++)
        {
            h.Time.Advance(RefreshInterval);
            await h.Store.GetAsync(Name);
            await h.Store.GetAsync(SecretNames.TokenKey);
            await h.RefreshedAsync(Name);
            await h.RefreshedAsync(SecretNames.TokenKey);
        }

        var warning = Assert.Single(h.Logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogEvents.DependencyDown, warning.EventId);
        Assert.Contains("key-vault", warning.Message, StringComparison.Ordinal);
        Assert.NotNull(warning.Exception);
        Assert.DoesNotContain(h.Logs.Entries, e => e.EventId == LogEvents.DependencyBack);

        h.Vault.Outage = KeyVaultOutage.None;
        h.Time.Advance(RefreshInterval);
        await h.Store.GetAsync(Name);
        await h.RefreshedAsync(Name);

        var recovered = Assert.Single(h.Logs.Entries, e => e.EventId == LogEvents.DependencyBack);
        Assert.Equal(LogLevel.Information, recovered.Level);
        Assert.Contains($"{(2 * Rounds) - 1} more failure(s)", recovered.Message, StringComparison.Ordinal);
        Assert.Single(h.Logs.Entries, e => e.Level >= LogLevel.Warning);
        h.Logs.AssertNoneContain("portal-secret-one");
    }

    [Fact]
    public async Task A_secret_missing_from_the_vault_is_logged_once_not_at_every_retry()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Store.GetAsync(Name).AsTask());
            h.Time.Advance(RetryDelay);
        }

        Assert.Single(h.Logs.Entries, e => e.EventId == 3113);
        Assert.DoesNotContain(h.Logs.Entries, e => e.EventId == LogEvents.DependencyDown);
    }

    [Fact]
    public async Task Secret_that_failed_its_first_load_loads_once_the_vault_is_back()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(Name, "portal-secret-one");
        h.Vault.Outage = KeyVaultOutage.ServiceUnavailable;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Store.GetAsync(Name).AsTask());
        h.Vault.Outage = KeyVaultOutage.None;
        var beforeRetry = h.Vault.Requests.Count;

        // Within the retry delay the store answers at once instead of queueing requests on the vault.
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Store.GetAsync(Name).AsTask());
        Assert.Equal(beforeRetry, h.Vault.Requests.Count);

        h.Time.Advance(RetryDelay);
        var set = await h.Store.GetAsync(Name);

        Assert.Equal("portal-secret-one", set.Current.Value);
    }

    [Fact]
    public async Task Secret_missing_from_the_vault_fails_only_that_secret()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(SecretNames.TokenKey, Convert.ToBase64String(new byte[32]));

        var failure = await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Store.GetAsync(Name).AsTask());

        Assert.Equal("key-vault", failure.Dependency);
        Assert.Equal(32, Convert.FromBase64String((await h.Store.GetAsync(SecretNames.TokenKey)).Current.Value).Length);
        Assert.Single(h.Logs.Entries, e => e.EventId == 3113);
    }

    [Fact]
    public async Task Secret_deleted_from_the_vault_stops_being_served_after_the_next_refresh()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(Name, "portal-secret-one");
        await h.Store.GetAsync(Name);
        h.Vault.DeleteSecret(Name);

        h.Time.Advance(RefreshInterval);
        await h.Store.GetAsync(Name);
        await h.RefreshedAsync(Name);

        var failure = await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Store.GetAsync(Name).AsTask());
        Assert.Equal("key-vault", failure.Dependency);
    }

    [Theory]
    [InlineData(SecretNames.TokenKey)]
    [InlineData(SecretNames.MfaKey)]
    public async Task Token_or_mfa_key_that_is_not_base64_of_32_bytes_is_never_served(string name)
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        var shortKey = Convert.ToBase64String(new byte[16]);
        h.Vault.SetSecret(name, shortKey);

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Store.GetAsync(name).AsTask());

        // The vault answered: a value it holds is refused, which is no outage.
        var warning = Assert.Single(h.Logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(3114, warning.EventId);
        Assert.Contains(name, warning.Message, StringComparison.Ordinal);
        h.Logs.AssertNoneContain(shortKey);
    }

    [Fact]
    public async Task Previous_token_key_that_is_not_valid_is_skipped_and_the_current_served()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        h.Vault.SetSecret(SecretNames.TokenKey, "not-a-key", created: KeyVaultStoreHarness.Start.AddHours(-2));
        var good = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var current = h.Vault.SetSecret(SecretNames.TokenKey, good, created: KeyVaultStoreHarness.Start.AddHours(-1));

        var set = await h.Store.GetAsync(SecretNames.TokenKey);

        Assert.Equal(current, set.Current.Version);
        Assert.Empty(set.Previous);
        Assert.Single(h.Logs.Entries, e => e.EventId == 3114);
        h.Logs.AssertNoneContain("not-a-key", good);
    }

    [Fact]
    public async Task Loading_and_rotating_logs_versions_but_never_values()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync();
        var one = h.Vault.SetSecret(Name, "portal-secret-one");
        await h.Store.GetAsync(Name);
        h.Time.Advance(RefreshInterval);
        var two = h.Vault.SetSecret(Name, "portal-secret-two");
        await h.Store.GetAsync(Name);
        await h.RefreshedAsync(Name);

        var loaded = h.Logs.Entries.Where(e => e.EventId == 3110).ToList();
        Assert.Equal(2, loaded.Count);
        Assert.Contains(one, loaded[0].Message, StringComparison.Ordinal);
        Assert.Contains(two, loaded[1].Message, StringComparison.Ordinal);
        h.Logs.AssertNoneContain("portal-secret-one", "portal-secret-two");
    }
}
