using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Users;

namespace Gatehouse.Tests.Users;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class UserUpdateTests(AzuriteFixture azurite)
{
    private readonly StorageTestContext _context = new(azurite);

    private Task<bool> CreateAliceAsync() =>
        _context.Users.CreateAsync(new NewUser("Alice", "alice-password", "alice@example.com", "Alice", "Liddell", "Wonderland", ["readers"]));

    [Fact]
    public async Task An_update_is_a_merge_absent_fields_and_an_empty_password_keep_their_values()
    {
        await CreateAliceAsync();

        Assert.Equal(UserUpdateResult.Updated, await _context.Users.UpdateAsync("alice", new UserUpdate(Company: "Looking-Glass", Password: "")));

        var alice = await _context.Users.GetAsync("alice");
        Assert.Equal(("Alice", "alice@example.com", "Alice", "Liddell", "Looking-Glass", true), (alice!.UserName, alice.Email, alice.FirstName, alice.LastName, alice.Company, alice.Enabled));
        Assert.Equal(["readers"], alice.Groups);
        Assert.NotNull((await _context.Users.VerifyPasswordAsync("alice", "alice-password")).User);
    }

    [Fact]
    public async Task A_new_password_replaces_the_old_one()
    {
        await CreateAliceAsync();

        await _context.Users.UpdateAsync("alice", new UserUpdate(Password: "a-new-password"));

        Assert.Null((await _context.Users.VerifyPasswordAsync("alice", "alice-password")).User);
        Assert.NotNull((await _context.Users.VerifyPasswordAsync("alice", "a-new-password")).User);
    }

    [Fact]
    public async Task A_new_e_mail_address_is_claimed_and_the_old_one_freed()
    {
        await CreateAliceAsync();

        Assert.Equal(UserUpdateResult.Updated, await _context.Users.UpdateAsync("alice", new UserUpdate(Email: "Alice@Looking-Glass.example")));

        Assert.Equal("Alice", (await _context.Users.FindByLoginAsync("alice@looking-glass.example"))!.UserName);
        Assert.Null(await _context.Users.FindByLoginAsync("alice@example.com"));
        Assert.True(await _context.Users.CreateAsync(new NewUser("bob", "bob-password", "ALICE@example.com")));
    }

    [Fact]
    public async Task An_address_another_user_holds_is_refused_and_nothing_changes()
    {
        await CreateAliceAsync();
        await _context.Users.CreateAsync(new NewUser("bob", "bob-password", "bob@example.com"));

        Assert.Equal(UserUpdateResult.EmailTaken, await _context.Users.UpdateAsync("alice", new UserUpdate(Email: "BOB@example.com", Company: "Bob's")));

        var alice = await _context.Users.GetAsync("alice");
        Assert.Equal(("alice@example.com", "Wonderland"), (alice!.Email, alice.Company));
    }

    [Fact]
    public async Task Two_users_racing_for_one_address_leave_it_with_exactly_one()
    {
        await CreateAliceAsync();
        await _context.Users.CreateAsync(new NewUser("bob", "bob-password"));
        var other = _context.CreateUserDirectory(_context.ServiceClient);

        var results = await Task.WhenAll(
            _context.Users.UpdateAsync("alice", new UserUpdate(Email: "shared@example.com")),
            other.UpdateAsync("bob", new UserUpdate(Email: "Shared@example.com")));

        Assert.Equal(1, results.Count(result => result == UserUpdateResult.Updated));
        Assert.Equal(1, results.Count(result => result == UserUpdateResult.EmailTaken));
    }

    [Fact]
    public async Task Membership_changes_join_and_leave_what_is_stored_at_the_time()
    {
        await CreateAliceAsync();

        await _context.Users.UpdateAsync("alice", new UserUpdate(JoinGroups: ["writers"]));
        await _context.Users.UpdateAsync("alice", new UserUpdate(LeaveGroups: ["READERS"]));

        Assert.Equal(["writers"], (await _context.Users.GetAsync("alice"))!.Groups);
    }

    [Fact]
    public async Task An_unknown_user_is_not_found_and_nothing_is_written()
    {
        Assert.Equal(UserUpdateResult.NotFound, await _context.Users.UpdateAsync("nobody", new UserUpdate(Email: "nobody@example.com")));
        Assert.Empty(await _context.ReadAllAsync(TableNames.UserEmails));
    }

    [Fact]
    public async Task Listing_reads_every_user_by_name_without_a_password_hash()
    {
        await CreateAliceAsync();
        await _context.Users.CreateAsync(new NewUser("bob", "bob-password"));

        var users = await _context.Users.ListAsync();

        Assert.Equal(["Alice", "bob"], users.Select(user => user.UserName));
    }
}
