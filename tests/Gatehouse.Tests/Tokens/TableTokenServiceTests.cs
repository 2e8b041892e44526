using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Secrets;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Tokens;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableTokenServiceTests(AzuriteFixture azurite)
{
    private static TokenRequest Drive(string user = "alice", string device = "laptop-1", string permission = "ReadWrite", string? description = "Alice's laptop") =>
        new(user, "Nuxeo Drive", device, description, permission);

    [Fact]
    public async Task Each_token_handed_out_new_or_again_is_logged_once_and_never_with_the_token()
    {
        var context = new StorageTestContext(azurite);
        using var logs = new CapturingLoggerProvider();
        var tokens = new TableTokenService(context.CreateTables(context.ServiceClient), context.Secrets, Options.Create(context.TokenOptions), context.Time, logs.CreateLogger<TableTokenService>());

        var first = await tokens.AcquireAsync(Drive());
        await tokens.AcquireAsync(Drive());
        await tokens.ReissueAsync(first.Binding.UserName, first.Binding.Id);

        Assert.Equal(3, logs.Entries.Count(entry => entry.EventId == LogEvents.TokenIssued));
        logs.AssertNoneContain(first.Token);
    }

    [Fact]
    public async Task A_new_triplet_gets_a_new_binding_and_a_valid_token()
    {
        var context = new StorageTestContext(azurite);

        var issued = await context.Tokens.AcquireAsync(Drive());

        Assert.True(issued.Created);
        Assert.True(TokenFormat.IsWellFormed(issued.Token));
        Assert.Equal("alice", issued.Binding.UserName);
        Assert.Equal("Nuxeo Drive", issued.Binding.ApplicationName);
        Assert.Equal("laptop-1", issued.Binding.DeviceId);
        Assert.Equal("Alice's laptop", issued.Binding.DeviceDescription);
        Assert.Equal("ReadWrite", issued.Binding.Permission);
        Assert.Equal(context.Time.GetUtcNow(), issued.Binding.CreationDate);
        Assert.Equal(context.Time.GetUtcNow().AddDays(365), issued.Binding.ExpiresAt);
        Assert.Null(issued.Binding.LastUsed);

        var validation = await context.Tokens.ValidateAsync(issued.Token);
        Assert.Equal(TokenStatus.Valid, validation.Status);
        Assert.Equal(issued.Binding.Id, validation.Binding!.Id);
        Assert.Equal("ReadWrite", validation.Binding.Permission);
    }

    [Fact]
    public async Task Same_triplet_acquired_twice_returns_the_same_token_without_changing_description_or_permission()
    {
        var context = new StorageTestContext(azurite);
        var first = await context.Tokens.AcquireAsync(Drive());

        var second = await context.Tokens.AcquireAsync(Drive(permission: "Read", description: "changed"));

        Assert.False(second.Created);
        Assert.Equal(first.Token, second.Token);
        Assert.Equal(first.Binding.Id, second.Binding.Id);
        Assert.Equal("ReadWrite", second.Binding.Permission);
        Assert.Equal("Alice's laptop", second.Binding.DeviceDescription);
    }

    [Fact]
    public async Task User_names_are_matched_case_insensitively_for_bindings()
    {
        var context = new StorageTestContext(azurite);
        var first = await context.Tokens.AcquireAsync(Drive(user: "Alice"));

        var second = await context.Tokens.AcquireAsync(Drive(user: "ALICE"));

        Assert.Equal(first.Token, second.Token);
        Assert.Single(await context.Tokens.ListAsync("alice"));
    }

    [Fact]
    public async Task Another_device_application_or_user_gets_another_token()
    {
        var context = new StorageTestContext(azurite);
        var tokens = new[]
        {
            await context.Tokens.AcquireAsync(Drive()),
            await context.Tokens.AcquireAsync(Drive(device: "laptop-2")),
            await context.Tokens.AcquireAsync(new TokenRequest("alice", "Nuxeo CLI", "laptop-1", null, "ReadWrite")),
            await context.Tokens.AcquireAsync(Drive(user: "bob")),
        };

        Assert.Equal(4, tokens.Select(t => t.Token).Distinct().Count());
    }

    [Fact]
    public async Task Sixteen_concurrent_handshakes_for_one_new_triplet_share_one_binding_and_token()
    {
        var context = new StorageTestContext(azurite);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => context.Tokens.AcquireAsync(Drive()))));

        Assert.Single(results.Select(r => r.Token).Distinct());
        Assert.Single(results.Select(r => r.Binding.Id).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Single(await context.Tokens.ListAsync("alice"));
        Assert.Single(await context.ReadAllAsync(TableNames.TokenHashes));
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(results[0].Token)).Status);
    }

    [Fact]
    public async Task No_plaintext_token_is_stored()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Drive());
        var body = issued.Token[TokenFormat.Prefix.Length..^6];

        var rows = (await context.ReadAllAsync(TableNames.TokenBindings)).Concat(await context.ReadAllAsync(TableNames.TokenHashes));

        foreach (var row in rows)
        {
            Assert.DoesNotContain(body, row.PartitionKey + row.RowKey, StringComparison.Ordinal);
            Assert.All(((IDictionary<string, object>)row).Values, value => Assert.DoesNotContain(body, value?.ToString() ?? string.Empty, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Revoked_token_fails_at_once_and_the_next_handshake_gets_a_new_token()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Drive());

        Assert.True(await context.Tokens.RevokeAsync("alice", "Nuxeo Drive", "laptop-1"));

        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);
        Assert.Empty(await context.Tokens.ListAsync("alice"));
        var again = await context.Tokens.AcquireAsync(Drive());
        Assert.True(again.Created);
        Assert.NotEqual(issued.Token, again.Token);
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);
    }

    [Fact]
    public async Task Revoking_a_triplet_without_binding_returns_false()
    {
        var context = new StorageTestContext(azurite);

        Assert.False(await context.Tokens.RevokeAsync("alice", "Nuxeo Drive", "nothing"));
    }

    [Fact]
    public async Task Malformed_and_unknown_tokens_are_told_apart()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Drive());
        var stranger = TokenFormat.Derive(new byte[32], "0123456789abcdef0123456789abcdef");

        Assert.Equal(TokenStatus.Malformed, (await context.Tokens.ValidateAsync("not-a-token")).Status);
        Assert.Equal(TokenStatus.Malformed, (await context.Tokens.ValidateAsync(issued.Token[..^1] + (issued.Token[^1] == 'a' ? 'b' : 'a'))).Status);
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(stranger)).Status);
    }

    [Fact]
    public async Task Malformed_tokens_are_rejected_without_touching_storage()
    {
        var context = new StorageTestContext(AzuriteFixture.UnreachableConnectionString);

        Assert.Equal(TokenStatus.Malformed, (await context.Tokens.ValidateAsync("gth_garbage")).Status);
        Assert.Equal(TokenStatus.Malformed, (await context.Tokens.ValidateAsync(new string('x', 8192))).Status);
    }

    [Fact]
    public async Task Validation_needs_no_token_key()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Drive());
        context.Secrets.TokenKey = null;
        var reads = context.Secrets.Reads;

        var validation = await context.Tokens.ValidateAsync(issued.Token);

        Assert.Equal(TokenStatus.Valid, validation.Status);
        Assert.Equal(reads, context.Secrets.Reads);
    }

    [Fact]
    public async Task A_missing_token_key_makes_acquire_unavailable_as_secrets()
    {
        var context = new StorageTestContext(azurite);
        context.Secrets.TokenKey = null;

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => context.Tokens.AcquireAsync(Drive()));

        Assert.Equal("secrets", error.Dependency);
        Assert.Empty(await context.ReadAllAsync(TableNames.TokenBindings));
    }

    [Fact]
    public async Task A_token_key_shorter_than_32_bytes_is_refused()
    {
        var context = new StorageTestContext(azurite);
        context.Secrets.TokenKey = new Gatehouse.Secrets.SecretSet(FakeSecretStore.NewVersion("short", 16), []);

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => context.Tokens.AcquireAsync(Drive()));

        Assert.Equal("secrets", error.Dependency);
    }

    [Fact]
    public async Task After_a_key_rotation_the_same_triplet_still_gets_its_token()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Drive());
        context.Secrets.Rotate("v2");

        var again = await context.Tokens.AcquireAsync(Drive());
        var fresh = await context.Tokens.AcquireAsync(Drive(device: "new"));

        Assert.Equal(issued.Token, again.Token);
        Assert.NotEqual(issued.Token, fresh.Token);
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(fresh.Token)).Status);
    }

    [Fact]
    public async Task Once_its_key_version_is_retired_a_binding_is_replaced_and_its_old_token_revoked()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Drive());
        context.Secrets.TokenKey = new Gatehouse.Secrets.SecretSet(FakeSecretStore.NewVersion("v3"), []);

        var again = await context.Tokens.AcquireAsync(Drive());

        Assert.True(again.Created);
        Assert.NotEqual(issued.Token, again.Token);
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);
        Assert.Single(await context.Tokens.ListAsync("alice"));
    }

    [Fact]
    public async Task Tokens_expire_after_the_default_lifetime()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(30) });
        var issued = await context.Tokens.AcquireAsync(Drive());

        context.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(issued.Token)).Status);

        context.Time.Advance(TimeSpan.FromMilliseconds(1));
        var expired = await context.Tokens.ValidateAsync(issued.Token);
        Assert.Equal(TokenStatus.Expired, expired.Status);
        Assert.Equal(issued.Binding.Id, expired.Binding!.Id);
    }

    [Fact]
    public async Task A_zero_lifetime_means_tokens_never_expire()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.Zero });
        var issued = await context.Tokens.AcquireAsync(Drive());

        context.Time.Advance(TimeSpan.FromDays(3650));

        Assert.Null(issued.Binding.ExpiresAt);
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(issued.Token)).Status);
    }

    [Fact]
    public async Task A_handshake_for_an_expired_binding_issues_a_fresh_token()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(1) });
        var issued = await context.Tokens.AcquireAsync(Drive());
        context.Time.Advance(TimeSpan.FromDays(2));

        var again = await context.Tokens.AcquireAsync(Drive());

        Assert.True(again.Created);
        Assert.NotEqual(issued.Token, again.Token);
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(again.Token)).Status);
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);
    }

    [Fact]
    public async Task Renewal_extends_a_live_binding_and_keeps_the_token()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(30) });
        var issued = await context.Tokens.AcquireAsync(Drive());
        context.Time.Advance(TimeSpan.FromDays(20));

        var renewal = await context.Tokens.RenewAsync("alice", issued.Binding.Id);

        Assert.Equal(RenewalStatus.Renewed, renewal.Status);
        Assert.Equal(context.Time.GetUtcNow().AddDays(30), renewal.Binding!.ExpiresAt);
        context.Time.Advance(TimeSpan.FromDays(25));
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(issued.Token)).Status);
        Assert.Equal(renewal.Binding.ExpiresAt, (await context.Tokens.GetByIdAsync("alice", issued.Binding.Id))!.ExpiresAt);
        Assert.Equal(issued.Token, (await context.Tokens.AcquireAsync(Drive())).Token);
    }

    [Fact]
    public async Task Renewal_stops_at_the_maximum_lifetime_and_says_so_when_asked_again()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(30), MaxLifetime = TimeSpan.FromDays(45) });
        var issued = await context.Tokens.AcquireAsync(Drive());
        context.Time.Advance(TimeSpan.FromDays(25));

        var renewal = await context.Tokens.RenewAsync("alice", issued.Binding.Id);
        context.Time.Advance(TimeSpan.FromDays(1));
        var again = await context.Tokens.RenewAsync("alice", issued.Binding.Id);

        Assert.Equal((RenewalStatus.Renewed, issued.Binding.CreationDate.AddDays(45)), (renewal.Status, renewal.Binding!.ExpiresAt));
        Assert.Equal((RenewalStatus.AtMaximum, issued.Binding.CreationDate.AddDays(45)), (again.Status, again.Binding!.ExpiresAt));
        context.Time.Advance(TimeSpan.FromDays(19));
        Assert.Equal(TokenStatus.Expired, (await context.Tokens.ValidateAsync(issued.Token)).Status);
    }

    [Fact]
    public async Task Renewing_a_binding_a_lowered_maximum_caps_already_is_at_maximum_and_writes_nothing()
    {
        var longLived = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(365) });
        var issued = await longLived.Tokens.AcquireAsync(Drive());
        var budget = new WriteBudget(null);
        var capped = new TableTokenService(
            longLived.CreateTables(new CrashingTableServiceClient(longLived.ServiceClient, budget)), longLived.Secrets,
            Microsoft.Extensions.Options.Options.Create(new TokenOptions { DefaultLifetime = TimeSpan.FromDays(10), MaxLifetime = TimeSpan.FromDays(10) }),
            longLived.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<TableTokenService>.Instance);
        longLived.Time.Advance(TimeSpan.FromDays(5));

        var renewal = await capped.RenewAsync("alice", issued.Binding.Id);

        Assert.Equal(RenewalStatus.AtMaximum, renewal.Status);
        Assert.Equal(issued.Binding.CreationDate.AddDays(10), renewal.Binding!.ExpiresAt);
        Assert.Equal(0, budget.Writes);
    }

    [Fact]
    public async Task Renewing_a_binding_already_as_long_as_a_renewal_makes_it_is_renewed_without_writing()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(30) });
        var issued = await context.Tokens.AcquireAsync(Drive());
        var (service, _, budget) = context.Crashing(null);

        var renewal = await service.RenewAsync("alice", issued.Binding.Id);

        Assert.Equal((RenewalStatus.Renewed, issued.Binding.ExpiresAt), (renewal.Status, renewal.Binding!.ExpiresAt));
        Assert.Equal(0, budget.Writes);
    }

    [Fact]
    public async Task Lowering_the_maximum_lifetime_shortens_tokens_already_issued()
    {
        var longLived = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.Zero });
        var issued = await longLived.Tokens.AcquireAsync(Drive());
        var capped = new TableTokenService(
            longLived.Tables, longLived.Secrets,
            Microsoft.Extensions.Options.Options.Create(new TokenOptions { DefaultLifetime = TimeSpan.FromDays(10), MaxLifetime = TimeSpan.FromDays(10) }),
            longLived.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<TableTokenService>.Instance);

        longLived.Time.Advance(TimeSpan.FromDays(11));

        Assert.Equal(TokenStatus.Valid, (await longLived.Tokens.ValidateAsync(issued.Token)).Status);
        Assert.Equal(TokenStatus.Expired, (await capped.ValidateAsync(issued.Token)).Status);
    }

    [Fact]
    public async Task Renewing_an_unknown_foreign_or_revoked_binding_is_not_found()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Drive());
        var revoked = await context.Tokens.AcquireAsync(Drive(device: "revoked"));
        Assert.True(await context.Tokens.RevokeByIdAsync("alice", revoked.Binding.Id));

        Assert.Same(TokenRenewal.NotFound, await context.Tokens.RenewAsync("bob", issued.Binding.Id));
        Assert.Same(TokenRenewal.NotFound, await context.Tokens.RenewAsync("alice", "0123456789abcdef0123456789abcdef"));
        Assert.Same(TokenRenewal.NotFound, await context.Tokens.RenewAsync("alice", "not an id"));
        Assert.Same(TokenRenewal.NotFound, await context.Tokens.RenewAsync("alice", revoked.Binding.Id));
    }

    [Fact]
    public async Task Renewing_an_expired_binding_is_refused_with_the_date_it_expired()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(1) });
        var issued = await context.Tokens.AcquireAsync(Drive());
        context.Time.Advance(TimeSpan.FromDays(2));

        var renewal = await context.Tokens.RenewAsync("alice", issued.Binding.Id);

        Assert.Equal((RenewalStatus.Expired, issued.Binding.ExpiresAt), (renewal.Status, renewal.Binding!.ExpiresAt));
        Assert.Equal(TokenStatus.Expired, (await context.Tokens.ValidateAsync(issued.Token)).Status);
    }

    [Fact]
    public async Task Last_use_is_written_at_most_once_per_interval()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { LastUsedInterval = TimeSpan.FromMinutes(5) });
        var issued = await context.Tokens.AcquireAsync(Drive());

        var first = await context.Tokens.ValidateAsync(issued.Token);
        var firstUse = context.Time.GetUtcNow();
        context.Time.Advance(TimeSpan.FromMinutes(1));
        await context.Tokens.ValidateAsync(issued.Token);
        await context.Tokens.ValidateAsync(issued.Token);

        Assert.Equal(firstUse, first.Binding!.LastUsed);
        Assert.Equal(firstUse, (await context.Tokens.GetByIdAsync("alice", issued.Binding.Id))!.LastUsed);

        context.Time.Advance(TimeSpan.FromMinutes(5));
        var later = await context.Tokens.ValidateAsync(issued.Token);
        Assert.Equal(context.Time.GetUtcNow(), later.Binding!.LastUsed);
        Assert.Equal(context.Time.GetUtcNow(), (await context.Tokens.GetByIdAsync("alice", issued.Binding.Id))!.LastUsed);
        Assert.Equal(context.Time.GetUtcNow(), (await context.Tokens.ListAsync("alice"))[0].LastUsed);
    }

    [Fact]
    public async Task Validation_within_the_interval_does_not_write()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Drive());
        var budget = new WriteBudget(null);
        var service = context.CreateTokenService(new CrashingTableServiceClient(context.ServiceClient, budget));

        await service.ValidateAsync(issued.Token);
        var afterFirst = budget.Writes;
        for (var i = 0; i < 10; i++)
        {
            context.Time.Advance(TimeSpan.FromSeconds(10));
            await service.ValidateAsync(issued.Token);
        }

        Assert.Equal(2, afterFirst);
        Assert.Equal(2, budget.Writes);
    }

    [Fact]
    public async Task Listing_is_newest_first_and_filters_by_application()
    {
        var context = new StorageTestContext(azurite);
        var created = new List<IssuedToken>();
        foreach (var (app, device) in new[] { ("Nuxeo Drive", "z-old"), ("Nuxeo CLI", "a-middle"), ("Nuxeo Drive", "m-new") })
        {
            created.Add(await context.Tokens.AcquireAsync(new TokenRequest("alice", app, device, null, "ReadWrite")));
            context.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await context.Tokens.AcquireAsync(Drive(user: "bob"));

        var all = await context.Tokens.ListAsync("alice");
        var drive = await context.Tokens.ListAsync("alice", "Nuxeo Drive");

        Assert.Equal(["m-new", "a-middle", "z-old"], all.Select(b => b.DeviceId));
        Assert.Equal(["m-new", "z-old"], drive.Select(b => b.DeviceId));
        Assert.Empty(await context.Tokens.ListAsync("carol"));
        Assert.Empty(await context.Tokens.ListAsync("alice", "Unknown App"));
    }

    [Fact]
    public async Task Bindings_are_found_and_revoked_by_id_only_by_their_owner()
    {
        var context = new StorageTestContext(azurite);
        var issued = await context.Tokens.AcquireAsync(Drive());

        Assert.Null(await context.Tokens.GetByIdAsync("bob", issued.Binding.Id));
        Assert.False(await context.Tokens.RevokeByIdAsync("bob", issued.Binding.Id));
        Assert.False(await context.Tokens.RevokeByIdAsync("alice", "' or true or '"));
        Assert.Equal(issued.Binding.Id, (await context.Tokens.GetByIdAsync("alice", issued.Binding.Id))!.Id);

        Assert.True(await context.Tokens.RevokeByIdAsync("alice", issued.Binding.Id));

        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);
        Assert.Null(await context.Tokens.GetByIdAsync("alice", issued.Binding.Id));
        Assert.False(await context.Tokens.RevokeByIdAsync("alice", issued.Binding.Id));
    }

    [Fact]
    public async Task Revoking_all_of_a_users_bindings_kills_each_token_and_leaves_other_users_alone()
    {
        var context = new StorageTestContext(azurite);
        var alices = new[]
        {
            await context.Tokens.AcquireAsync(Drive()),
            await context.Tokens.AcquireAsync(Drive(device: "laptop-2")),
            await context.Tokens.AcquireAsync(new TokenRequest("alice", "Nuxeo CLI", "laptop-1", null, "ReadWrite")),
        };
        var bobs = await context.Tokens.AcquireAsync(Drive(user: "bob"));

        Assert.Equal(3, await context.Tokens.RevokeAllAsync("ALICE"));

        foreach (var issued in alices)
        {
            Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);
        }

        Assert.Empty(await context.Tokens.ListAsync("alice"));
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(bobs.Token)).Status);
        Assert.Single(await context.ReadAllAsync(TableNames.TokenHashes));
        Assert.Equal(0, await context.Tokens.RevokeAllAsync("alice"));
    }

    [Fact]
    public async Task Revoking_all_bindings_deletes_each_hash_row_then_the_binding_rows_in_one_transaction()
    {
        var context = new StorageTestContext(azurite);
        for (var i = 0; i < 5; i++)
        {
            await context.Tokens.AcquireAsync(Drive(device: $"laptop-{i}"));
        }

        var (service, _, budget) = context.Crashing(null);

        Assert.Equal(5, await service.RevokeAllAsync("alice"));

        Assert.Equal(5 + 1, budget.Writes);
        Assert.Empty(await context.ReadAllAsync(TableNames.TokenBindings));
    }

    [Fact]
    public async Task A_binding_whose_last_use_is_recorded_while_all_are_revoked_is_removed_too()
    {
        var context = new StorageTestContext(azurite);
        var used = await context.Tokens.AcquireAsync(Drive());
        await context.Tokens.AcquireAsync(Drive(device: "laptop-2"));
        var (service, _, budget) = context.Crashing(null);

        // Between the hash rows' deletion and the binding rows', the binding row changes (its ETag with it).
        budget.Pause = (2, async () =>
        {
            var bindings = await context.Tables.GetAsync(TableNames.TokenBindings);
            await bindings.UpdateEntityAsync(
                TokenRows.LastUsedPatch("alice", TokenInput.TripletKey("Nuxeo Drive", "laptop-1"), context.Time.GetUtcNow()), Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Merge);
        });
        Assert.Equal(2, await service.RevokeAllAsync("alice"));

        Assert.Null(budget.Pause);
        Assert.Empty(await context.Tokens.ListAsync("alice"));
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(used.Token)).Status);
    }

    public static TheoryData<string, string> LegalOddNames() => new()
    {
        { "Nuxeo Drive Café", "device with spaces" },
        { "a/b\\c#d?e", "?#/\\" },
        { "100%", "%2F" },
        { "pipe|app", "pipe|device" },
        { "日本語", "🔑 key" },
        { "'; DROP TABLE tokens; --", "x' or PartitionKey ne '" },
        { new string('a', 255), new string('é', 250) },
        { new string('/', 85), "d" },
    };

    [Theory]
    [MemberData(nameof(LegalOddNames))]
    public async Task Odd_but_legal_names_are_stored_and_matched_exactly(string application, string device)
    {
        var context = new StorageTestContext(azurite);
        var request = new TokenRequest("alice", application, device, "desc / # ?", "ReadWrite");

        var issued = await context.Tokens.AcquireAsync(request);
        var again = await context.Tokens.AcquireAsync(request);
        var other = await context.Tokens.AcquireAsync(request with { DeviceId = device + "x" });

        Assert.Equal(issued.Token, again.Token);
        Assert.NotEqual(issued.Token, other.Token);
        var listed = (await context.Tokens.ListAsync("alice", application)).Single(b => b.Id == issued.Binding.Id);
        Assert.Equal(application, listed.ApplicationName);
        Assert.Equal(device, listed.DeviceId);
        Assert.Equal(device, (await context.Tokens.ValidateAsync(issued.Token)).Binding!.DeviceId);
        Assert.True(await context.Tokens.RevokeAsync("alice", application, device));
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(issued.Token)).Status);
    }

    [Fact]
    public async Task Application_names_differing_only_in_case_are_different_triplets()
    {
        var context = new StorageTestContext(azurite);

        var upper = await context.Tokens.AcquireAsync(new TokenRequest("alice", "Drive", "d", null, "ReadWrite"));
        var lower = await context.Tokens.AcquireAsync(new TokenRequest("alice", "drive", "d", null, "ReadWrite"));

        Assert.NotEqual(upper.Token, lower.Token);
    }

    public static TheoryData<TokenRequest, string> BadRequests() => new()
    {
        { new TokenRequest("alice", string.Empty, "d", null, "ReadWrite"), "applicationName" },
        { new TokenRequest("alice", "app", string.Empty, null, "ReadWrite"), "deviceId" },
        { new TokenRequest("alice", "app", "d", null, string.Empty), "permission" },
        { new TokenRequest(string.Empty, "app", "d", null, "ReadWrite"), "userName" },
        { new TokenRequest("alice", new string('a', 8192), "d", null, "ReadWrite"), "applicationName" },
        { new TokenRequest("alice", "app", new string('d', 8192), null, "ReadWrite"), "deviceId" },
        { new TokenRequest("alice", "app", "d", new string('x', 8192), "ReadWrite"), "deviceDescription" },
        { new TokenRequest("alice", "app", "d", null, new string('p', 8192)), "permission" },
        { new TokenRequest(new string('u', 8192), "app", "d", null, "ReadWrite"), "userName" },
        { new TokenRequest("alice", "app\n", "d", null, "ReadWrite"), "applicationName" },
        { new TokenRequest("alice", "app", "d\u0000", null, "ReadWrite"), "deviceId" },
        { new TokenRequest("alice", "app", "d", "line\r\nbreak", "ReadWrite"), "deviceDescription" },
        { new TokenRequest("alice", "app", "d", null, "Read\tWrite"), "permission" },
        { new TokenRequest("al\u0007ice", "app", "d", null, "ReadWrite"), "userName" },
        { new TokenRequest("alice", "app", new string('é', 300), null, "ReadWrite"), "deviceId" },
        { new TokenRequest("alice", "app", new string('ह', 200), null, "ReadWrite"), "deviceId" },
        { new TokenRequest("alice", new string('#', 100), "d", null, "ReadWrite"), "applicationName" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_naming_the_parameter_and_writes_nothing(TokenRequest request, string parameter)
    {
        var context = new StorageTestContext(azurite);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => context.Tokens.AcquireAsync(request));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
        Assert.Empty(await context.ReadAllAsync(TableNames.TokenBindings));
        Assert.Empty(await context.ReadAllAsync(TableNames.TokenHashes));
    }

    [Fact]
    public async Task Bad_input_to_revoke_and_list_is_refused_naming_the_parameter()
    {
        var context = new StorageTestContext(azurite);

        Assert.Equal("deviceId", (await Assert.ThrowsAsync<ArgumentException>(() => context.Tokens.RevokeAsync("alice", "app", string.Empty))).ParamName);
        Assert.Equal("applicationName", (await Assert.ThrowsAsync<ArgumentException>(() => context.Tokens.RevokeAsync("alice", new string('a', 8192), "d"))).ParamName);
        Assert.Equal("userName", (await Assert.ThrowsAsync<ArgumentException>(() => context.Tokens.ListAsync(string.Empty))).ParamName);
        Assert.Equal("applicationName", (await Assert.ThrowsAsync<ArgumentException>(() => context.Tokens.ListAsync("alice", "a\u0001"))).ParamName);
    }

    [Fact]
    public async Task An_empty_description_is_stored_as_none()
    {
        var context = new StorageTestContext(azurite);

        var issued = await context.Tokens.AcquireAsync(Drive(description: string.Empty));

        Assert.Null(issued.Binding.DeviceDescription);
        Assert.Null((await context.Tokens.ListAsync("alice"))[0].DeviceDescription);
    }
}
