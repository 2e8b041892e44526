using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;

namespace Gatehouse.Tests.Tokens;

/// <summary>
/// SPEC §9: a process killed between any two storage writes leaves no state in which a revoked token
/// works, and no orphan that blocks a new handshake. Each test kills an operation before its 1st, 2nd,
/// … write (until the operation completes untouched), then "restarts" with a fresh service on the
/// same tables and checks the invariants.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TokenCrashConsistencyTests(AzuriteFixture azurite)
{
    private static readonly TokenRequest Request = new("alice", "Nuxeo Drive", "laptop", "Alice's laptop", "ReadWrite");
    private const int MaxWrites = 10;

    [Fact]
    public async Task A_revocation_killed_at_any_write_never_leaves_the_token_working_once_it_began()
    {
        for (var writes = 0; writes <= MaxWrites; writes++)
        {
            var context = new StorageTestContext(azurite);
            var issued = await context.Tokens.AcquireAsync(Request);
            var (crashing, _, budget) = context.Crashing(writes);

            var completed = await SimulatedCrashException.CompletesAsync(() => crashing.RevokeAsync("alice", "Nuxeo Drive", "laptop"));

            var restarted = context.CreateTokenService(context.ServiceClient);
            var status = (await restarted.ValidateAsync(issued.Token)).Status;
            Assert.Equal(writes == 0 ? TokenStatus.Valid : TokenStatus.Unknown, status);
            await AssertTripletRecoversAsync(context, restarted, revokedToken: writes == 0 ? null : issued.Token);
            if (completed)
            {
                Assert.False(budget.Crashed);
                Assert.True(writes >= 2, "a revocation takes two writes; one that completes in fewer skipped a table");
                return;
            }
        }

        Assert.Fail($"The revocation never completed within {MaxWrites} writes.");
    }

    [Fact]
    public async Task Revoking_all_of_a_users_bindings_killed_at_any_write_never_leaves_a_token_working_once_its_turn_came()
    {
        TokenRequest[] requests = [Request, new("alice", "Nuxeo CLI", "desktop", null, "ReadWrite")];
        for (var writes = 0; writes <= MaxWrites; writes++)
        {
            var context = new StorageTestContext(azurite);
            var issued = new List<IssuedToken>();
            foreach (var request in requests)
            {
                issued.Add(await context.Tokens.AcquireAsync(request));
            }

            var (crashing, _, _) = context.Crashing(writes);

            var completed = await SimulatedCrashException.CompletesAsync(() => crashing.RevokeAllAsync("alice"));

            // Every hash row goes, one write each, before any binding row: as many tokens are dead as writes were made.
            var restarted = context.CreateTokenService(context.ServiceClient);
            var dead = 0;
            foreach (var token in issued)
            {
                dead += (await restarted.ValidateAsync(token.Token)).Status == TokenStatus.Unknown ? 1 : 0;
            }

            Assert.Equal(Math.Min(writes, requests.Length), dead);
            Assert.Equal(completed ? 0 : requests.Length, await restarted.RevokeAllAsync("alice"));
            for (var i = 0; i < requests.Length; i++)
            {
                var fresh = await restarted.AcquireAsync(requests[i]);
                Assert.True(fresh.Created);
                Assert.Equal(TokenStatus.Valid, (await restarted.ValidateAsync(fresh.Token)).Status);
                Assert.Equal(TokenStatus.Unknown, (await restarted.ValidateAsync(issued[i].Token)).Status);
            }

            if (completed)
            {
                return;
            }
        }

        Assert.Fail($"Revoking all never completed within {MaxWrites} writes.");
    }

    [Fact]
    public async Task A_first_handshake_killed_at_any_write_never_blocks_the_next_one()
    {
        for (var writes = 0; writes <= MaxWrites; writes++)
        {
            var context = new StorageTestContext(azurite);
            var (crashing, _, _) = context.Crashing(writes);

            var completed = await SimulatedCrashException.CompletesAsync(() => crashing.AcquireAsync(Request));

            var restarted = context.CreateTokenService(context.ServiceClient);
            var issued = await restarted.AcquireAsync(Request);
            Assert.Equal(!completed, issued.Created);
            await AssertTripletRecoversAsync(context, restarted, revokedToken: null);

            // Whatever a crash left behind must not revive once the binding is revoked.
            Assert.True(await restarted.RevokeAsync("alice", "Nuxeo Drive", "laptop"));
            Assert.Equal(TokenStatus.Unknown, (await restarted.ValidateAsync(issued.Token)).Status);
            await AssertTripletRecoversAsync(context, restarted, revokedToken: issued.Token);
            if (completed)
            {
                return;
            }
        }

        Assert.Fail($"The handshake never completed within {MaxWrites} writes.");
    }

    [Fact]
    public async Task A_handshake_finishing_a_half_done_revocation_killed_at_any_write_never_resurrects_the_token()
    {
        for (var writes = 0; writes <= MaxWrites; writes++)
        {
            var context = new StorageTestContext(azurite);
            var revoked = await context.Tokens.AcquireAsync(Request);
            await HalfRevokeAsync(context);
            var (crashing, _, _) = context.Crashing(writes);

            var completed = await SimulatedCrashException.CompletesAsync(() => crashing.AcquireAsync(Request));

            var restarted = context.CreateTokenService(context.ServiceClient);
            Assert.Equal(TokenStatus.Unknown, (await restarted.ValidateAsync(revoked.Token)).Status);
            await AssertTripletRecoversAsync(context, restarted, revokedToken: revoked.Token);
            if (completed)
            {
                return;
            }
        }

        Assert.Fail($"The repairing handshake never completed within {MaxWrites} writes.");
    }

    [Fact]
    public async Task A_half_done_revocation_is_listed_until_repaired_but_its_token_never_works()
    {
        var context = new StorageTestContext(azurite);
        var revoked = await context.Tokens.AcquireAsync(Request);
        await HalfRevokeAsync(context);

        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(revoked.Token)).Status);
        Assert.True(await context.Tokens.RevokeAsync("alice", "Nuxeo Drive", "laptop"));
        Assert.Empty(await context.ReadAllAsync(TableNames.TokenBindings));
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(revoked.Token)).Status);
    }

    [Fact]
    public async Task A_renewal_or_last_use_killed_at_any_write_leaves_a_revocable_token()
    {
        for (var writes = 0; writes <= MaxWrites; writes++)
        {
            var context = new StorageTestContext(azurite, new TokenOptions { DefaultLifetime = TimeSpan.FromDays(10) });
            var issued = await context.Tokens.AcquireAsync(Request);
            context.Time.Advance(TimeSpan.FromDays(5));
            var (crashing, _, _) = context.Crashing(writes);

            var renewed = await SimulatedCrashException.CompletesAsync(() => crashing.RenewAsync("alice", issued.Binding.Id));
            var touched = await SimulatedCrashException.CompletesAsync(async () => await context.Crashing(writes).Tokens.ValidateAsync(issued.Token));

            var restarted = context.CreateTokenService(context.ServiceClient);
            Assert.Equal(TokenStatus.Valid, (await restarted.ValidateAsync(issued.Token)).Status);
            Assert.Equal(issued.Token, (await restarted.AcquireAsync(Request)).Token);
            Assert.True(await restarted.RevokeAsync("alice", "Nuxeo Drive", "laptop"));
            Assert.Equal(TokenStatus.Unknown, (await restarted.ValidateAsync(issued.Token)).Status);
            await AssertTripletRecoversAsync(context, restarted, revokedToken: issued.Token);
            if (renewed && touched)
            {
                return;
            }
        }

        Assert.Fail($"Renewal never completed within {MaxWrites} writes.");
    }

    [Fact]
    public async Task A_slow_revocation_never_removes_the_binding_a_handshake_made_meanwhile()
    {
        var context = new StorageTestContext(azurite);
        var old = await context.Tokens.AcquireAsync(Request);
        var (slow, _, budget) = context.Crashing(null);
        IssuedToken? fresh = null;

        // Between the revoker's two writes, another instance sees the half-done revocation, finishes it and issues a new binding.
        budget.Pause = (1, async () => fresh = await context.CreateTokenService(context.ServiceClient).AcquireAsync(Request));
        Assert.True(await slow.RevokeAsync("alice", "Nuxeo Drive", "laptop"));

        Assert.NotNull(fresh);
        Assert.True(fresh.Created);
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(fresh.Token)).Status);
        Assert.Equal(fresh.Binding.Id, Assert.Single(await context.Tokens.ListAsync("alice")).Id);
        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(old.Token)).Status);
    }

    [Fact]
    public async Task Revoking_a_replaced_binding_by_its_old_id_leaves_the_new_one_alone()
    {
        var context = new StorageTestContext(azurite);
        var old = await context.Tokens.AcquireAsync(Request);
        Assert.True(await context.Tokens.RevokeByIdAsync("alice", old.Binding.Id));
        var fresh = await context.Tokens.AcquireAsync(Request);

        Assert.False(await context.Tokens.RevokeByIdAsync("alice", old.Binding.Id));

        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(fresh.Token)).Status);
    }

    /// <summary>The state a revocation killed after its first write leaves: hash row gone, binding row still there.</summary>
    private static async Task HalfRevokeAsync(StorageTestContext context)
    {
        var (crashing, _, _) = context.Crashing(1);
        Assert.False(await SimulatedCrashException.CompletesAsync(() => crashing.RevokeAsync("alice", "Nuxeo Drive", "laptop")));
        Assert.Single(await context.ReadAllAsync(TableNames.TokenBindings));
        Assert.Empty(await context.ReadAllAsync(TableNames.TokenHashes));
    }

    /// <summary>A new handshake for the triplet works, gives a live token other than the revoked one, and leaves one binding.</summary>
    private static async Task AssertTripletRecoversAsync(StorageTestContext context, TableTokenService service, string? revokedToken)
    {
        var issued = await service.AcquireAsync(Request);

        Assert.Equal(TokenStatus.Valid, (await service.ValidateAsync(issued.Token)).Status);
        Assert.Equal(issued.Token, (await service.AcquireAsync(Request)).Token);
        Assert.Equal(issued.Binding.Id, Assert.Single(await service.ListAsync("alice")).Id);
        if (revokedToken is not null)
        {
            Assert.NotEqual(revokedToken, issued.Token);
            Assert.Equal(TokenStatus.Unknown, (await service.ValidateAsync(revokedToken)).Status);
        }

        // At most crash leftovers for tokens nobody was given: never a second row for the live binding.
        var hashes = await context.ReadAllAsync(TableNames.TokenHashes);
        Assert.Single(hashes, row => row.GetString("BindingId") == issued.Binding.Id);
    }
}
