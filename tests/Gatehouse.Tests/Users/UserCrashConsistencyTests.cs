using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Users;

namespace Gatehouse.Tests.Users;

/// <summary>
/// SPEC §11 for the directory: a change killed before any of its writes (user row, e-mail index, groups) leaves nothing
/// that blocks running it again, and never lets a deleted user in. Each test kills the change before its 1st, 2nd, …
/// write until it completes untouched, then retries it on fresh services.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class UserCrashConsistencyTests(AzuriteFixture azurite)
{
    private const int MaxWrites = 10;

    [Fact]
    public async Task An_e_mail_change_killed_at_any_write_can_be_retried_and_leaves_one_owner_per_address()
    {
        for (var writes = 0; writes <= MaxWrites; writes++)
        {
            var context = new StorageTestContext(azurite);
            await context.Users.CreateAsync(new NewUser("alice", "alice-password", "alice@example.com"));
            var (_, crashing, budget) = context.Crashing(writes);

            var completed = await SimulatedCrashException.CompletesAsync(() => crashing.UpdateAsync("alice", new UserUpdate(Email: "alice@new.example")));

            var restarted = context.CreateUserDirectory(context.ServiceClient);
            Assert.NotNull((await restarted.VerifyPasswordAsync("alice", "alice-password")).User);
            Assert.Equal(UserUpdateResult.Updated, await restarted.UpdateAsync("alice", new UserUpdate(Email: "alice@new.example")));
            Assert.Equal("alice", (await restarted.FindByLoginAsync("alice@new.example"))!.UserName);

            // An index entry its user no longer holds is free once past the grace period that protects creations in flight.
            context.Time.Advance(EmailIndex.GracePeriod);
            Assert.True(await restarted.CreateAsync(new NewUser("bob", "bob-password", "alice@example.com")), $"the old address stayed taken (crash before write {writes})");
            if (completed)
            {
                Assert.False(budget.Crashed);
                return;
            }
        }

        Assert.Fail($"The update never completed within {MaxWrites} writes.");
    }

    [Fact]
    public async Task A_deletion_killed_at_any_write_never_lets_the_user_in_once_it_began_and_can_be_retried()
    {
        for (var writes = 0; writes <= MaxWrites; writes++)
        {
            var context = new StorageTestContext(azurite);
            await context.Users.CreateAsync(new NewUser("alice", "alice-password", "alice@example.com"));
            var issued = await context.Tokens.AcquireAsync(new Gatehouse.Tokens.TokenRequest("alice", "Nuxeo Drive", "laptop", null, "ReadWrite"));
            var (_, crashing, budget) = context.Crashing(writes);

            var completed = await SimulatedCrashException.CompletesAsync(() => crashing.DeleteAsync("alice"));

            var restarted = context.CreateUserDirectory(context.ServiceClient);
            var signsIn = (await restarted.VerifyPasswordAsync("alice", "alice-password")).User is not null;
            Assert.Equal(writes == 0, signsIn);
            await restarted.DeleteAsync("alice");
            Assert.Null(await restarted.GetAsync("alice"));
            context.Time.Advance(EmailIndex.GracePeriod);
            Assert.True(await restarted.CreateAsync(new NewUser("carol", "carol-password", "alice@example.com")), $"the address stayed taken (crash before write {writes})");
            Assert.True(await restarted.CreateAsync(new NewUser("alice", "alice-password-2")));
            Assert.NotEqual(Gatehouse.Tokens.TokenStatus.Valid, (await context.CreateTokenService(context.ServiceClient).ValidateAsync(issued.Token)).Status);
            if (completed)
            {
                Assert.False(budget.Crashed);
                return;
            }
        }

        Assert.Fail($"The deletion never completed within {MaxWrites} writes.");
    }

    [Fact]
    public async Task A_group_deletion_killed_at_any_write_can_be_retried_and_a_new_group_of_that_name_has_no_old_members()
    {
        for (var writes = 0; writes <= MaxWrites; writes++)
        {
            var context = new StorageTestContext(azurite);
            await context.Groups.CreateAsync(new Group("backend", null, null, []));
            await context.Groups.CreateAsync(new Group("staff", null, null, ["backend"]));
            await context.Users.CreateAsync(new NewUser("alice", "alice-password", Groups: ["backend"]));
            await context.Users.CreateAsync(new NewUser("bob", "bob-password", Groups: ["backend", "staff"]));
            var (_, crashingUsers, budget) = context.Crashing(writes);
            var crashingGroups = context.CreateGroupDirectory(new CrashingTableServiceClient(context.ServiceClient, budget));
            var crashing = new GroupMembership(crashingUsers, crashingGroups, Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupMembership>.Instance);

            var completed = await SimulatedCrashException.CompletesAsync(() => crashing.DeleteGroupAsync("backend"));

            var membership = new GroupMembership(context.CreateUserDirectory(context.ServiceClient), context.Groups, Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupMembership>.Instance);
            await membership.DeleteGroupAsync("backend");
            Assert.True((await context.Groups.CreateAsync(new Group("backend", null, null, []))).Succeeded);
            Assert.Empty(await membership.MemberUsersAsync("backend"));
            Assert.Empty((await context.Groups.GetAsync("staff"))!.MemberGroups);
            Assert.Equal(["staff"], (await context.Users.GetAsync("bob"))!.Groups);
            if (completed)
            {
                Assert.False(budget.Crashed);
                return;
            }
        }

        Assert.Fail($"The group deletion never completed within {MaxWrites} writes.");
    }
}
