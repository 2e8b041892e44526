using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Gatehouse.Users;

namespace Gatehouse.Tests.Users;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableUserDirectoryTests(AzuriteFixture azurite)
{
    private static NewUser Alice(string name = "Alice", string? email = "Alice@Example.com") =>
        new(name, "alice-password", email, "Alice", "Liddell", "Wonderland Inc.", ["members", "readers"]);

    [Fact]
    public async Task A_created_user_is_found_by_name_case_insensitively_with_all_fields()
    {
        var context = new StorageTestContext(azurite);

        Assert.True(await context.Users.CreateAsync(Alice()));

        var user = await context.Users.GetAsync("aLiCe");
        Assert.NotNull(user);
        Assert.Equal("Alice", user.UserName);
        Assert.Equal("Alice@Example.com", user.Email);
        Assert.Equal("Alice", user.FirstName);
        Assert.Equal("Liddell", user.LastName);
        Assert.Equal("Wonderland Inc.", user.Company);
        Assert.Equal(["members", "readers"], user.Groups);
        Assert.True(user.Enabled);
    }

    [Fact]
    public async Task Unknown_users_are_null()
    {
        var context = new StorageTestContext(azurite);

        Assert.Null(await context.Users.GetAsync("nobody"));
        Assert.Null(await context.Users.FindByLoginAsync("nobody@example.com"));
        Assert.Null(await context.Users.GetAsync(string.Empty));
        Assert.Null(await context.Users.GetAsync("bad\u0000name"));
    }

    [Fact]
    public async Task Users_log_in_by_name_or_e_mail_case_insensitively()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(Alice());

        Assert.Equal("Alice", (await context.Users.FindByLoginAsync("ALICE"))?.UserName);
        Assert.Equal("Alice", (await context.Users.FindByLoginAsync("alice@example.COM"))?.UserName);
        Assert.Equal("Alice", (await context.Users.VerifyPasswordAsync("alice@example.com", "alice-password")).User?.UserName);
        Assert.Equal("Alice", (await context.Users.VerifyPasswordAsync("alice", "alice-password")).User?.UserName);
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_login_does_not_verify()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(Alice());

        Assert.Null((await context.Users.VerifyPasswordAsync("alice", "Alice-password")).User);
        Assert.Null((await context.Users.VerifyPasswordAsync("alice", string.Empty)).User);
        Assert.Null((await context.Users.VerifyPasswordAsync("bob", "alice-password")).User);
        Assert.Null((await context.Users.VerifyPasswordAsync("bob@example.com", "alice-password")).User);
    }

    [Fact]
    public async Task A_taken_name_or_e_mail_is_refused()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(Alice());

        Assert.False(await context.Users.CreateAsync(Alice(name: "ALICE", email: "other@example.com")));
        Assert.False(await context.Users.CreateAsync(Alice(name: "alice2", email: "ALICE@example.com")));
        Assert.True(await context.Users.CreateAsync(Alice(name: "alice3", email: null)));
        Assert.Null(await context.Users.GetAsync("alice2"));
        Assert.Null(await context.Users.FindByLoginAsync("other@example.com"));
    }

    [Fact]
    public async Task Concurrent_creations_with_one_e_mail_leave_exactly_one_user()
    {
        var context = new StorageTestContext(azurite);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => context.Users.CreateAsync(Alice(name: $"user{i}", email: "same@example.com")))));

        Assert.Single(results, created => created);
        var owner = await context.Users.FindByLoginAsync("same@example.com");
        Assert.NotNull(owner);
        var holders = 0;
        for (var i = 0; i < 8; i++)
        {
            holders += await context.Users.GetAsync($"user{i}") is null ? 0 : 1;
        }

        Assert.Equal(1, holders);
    }

    [Fact]
    public async Task Concurrent_creations_of_one_name_leave_exactly_one_user()
    {
        var context = new StorageTestContext(azurite);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => context.Users.CreateAsync(Alice(email: $"alice{i}@example.com")))));

        Assert.Single(results, created => created);
        var user = await context.Users.GetAsync("alice");
        Assert.Equal(user!.UserName, (await context.Users.FindByLoginAsync(user.Email!))?.UserName);
        Assert.Equal("alice", Assert.Single(await context.ReadAllAsync(TableNames.UserEmails)).GetString("UserName"));
    }

    [Fact]
    public async Task Disabled_users_are_still_returned_and_verified_for_the_chain_to_decide()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(Alice());

        Assert.True(await context.Users.SetEnabledAsync("alice", false));

        Assert.False((await context.Users.GetAsync("alice"))!.Enabled);
        Assert.False((await context.Users.VerifyPasswordAsync("alice", "alice-password")).User!.Enabled);
        Assert.True(await context.Users.SetEnabledAsync("ALICE", true));
        Assert.True((await context.Users.GetAsync("alice"))!.Enabled);
        Assert.False(await context.Users.SetEnabledAsync("nobody", false));
    }

    [Fact]
    public async Task A_new_password_replaces_the_old_one()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(Alice());

        Assert.True(await context.Users.SetPasswordAsync("alice", "new-password"));

        Assert.Null((await context.Users.VerifyPasswordAsync("alice", "alice-password")).User);
        Assert.NotNull((await context.Users.VerifyPasswordAsync("alice", "new-password")).User);
        Assert.False(await context.Users.SetPasswordAsync("nobody", "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => context.Users.SetPasswordAsync("alice", string.Empty));
    }

    [Fact]
    public async Task Passwords_are_stored_hashed_and_rehashed_when_iterations_are_raised()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(Alice());
        var stored = (await context.ReadAllAsync(TableNames.Users)).Single().GetString("PasswordHash");
        Assert.StartsWith("pbkdf2-sha256$1000$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("alice-password", stored, StringComparison.Ordinal);

        var stronger = context.CreateUserDirectory(context.ServiceClient, iterations: 2_000);
        Assert.Null((await stronger.VerifyPasswordAsync("alice", "wrong")).User);
        Assert.StartsWith("pbkdf2-sha256$1000$", (await context.ReadAllAsync(TableNames.Users)).Single().GetString("PasswordHash"), StringComparison.Ordinal);

        Assert.NotNull((await stronger.VerifyPasswordAsync("alice", "alice-password")).User);

        Assert.StartsWith("pbkdf2-sha256$2000$", (await context.ReadAllAsync(TableNames.Users)).Single().GetString("PasswordHash"), StringComparison.Ordinal);
        Assert.NotNull((await context.Users.VerifyPasswordAsync("alice", "alice-password")).User);
    }

    [Fact]
    public async Task Deleting_a_user_frees_the_name_and_e_mail()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(Alice());

        Assert.True(await context.Users.DeleteAsync("ALICE"));

        Assert.Null(await context.Users.GetAsync("alice"));
        Assert.Null(await context.Users.FindByLoginAsync("alice@example.com"));
        Assert.False(await context.Users.DeleteAsync("alice"));
        Assert.True(await context.Users.CreateAsync(Alice(name: "someone-else", email: "alice@example.com")));
        Assert.True(await context.Users.CreateAsync(Alice(email: null)));
    }

    [Fact]
    public async Task A_user_created_again_with_a_deleted_users_name_does_not_inherit_its_tokens()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(Alice());
        var token = await context.Tokens.AcquireAsync(new TokenRequest("Alice", "Nuxeo Drive", "laptop", null, "ReadWrite"));

        // A leftover binding, as if deletion had been interrupted before its token clean-up.
        var (_, crashingUsers, _) = context.Crashing(1);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashingUsers.DeleteAsync("alice"));
        Assert.Equal(TokenStatus.Valid, (await context.Tokens.ValidateAsync(token.Token)).Status);

        Assert.True(await context.Users.CreateAsync(Alice(email: "new-alice@example.com")));

        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(token.Token)).Status);
        Assert.Empty(await context.Tokens.ListAsync("alice"));
    }

    [Fact]
    public async Task A_creation_killed_between_e_mail_and_user_rows_can_simply_be_retried()
    {
        var context = new StorageTestContext(azurite);
        var (_, crashingUsers, _) = context.Crashing(1);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashingUsers.CreateAsync(Alice()));

        Assert.Null(await context.Users.GetAsync("alice"));
        Assert.Null(await context.Users.FindByLoginAsync("alice@example.com"));
        Assert.True(await context.Users.CreateAsync(Alice()));
        Assert.Equal("Alice", (await context.Users.VerifyPasswordAsync("alice@example.com", "alice-password")).User?.UserName);
    }

    [Fact]
    public async Task An_e_mail_left_claimed_by_an_interrupted_creation_is_freed_after_the_grace_period()
    {
        var context = new StorageTestContext(azurite);
        var (_, crashingUsers, _) = context.Crashing(1);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashingUsers.CreateAsync(Alice()));

        Assert.False(await context.Users.CreateAsync(Alice(name: "bob")));

        context.Time.Advance(EmailIndex.GracePeriod);
        Assert.True(await context.Users.CreateAsync(Alice(name: "bob")));
        Assert.Equal("bob", (await context.Users.FindByLoginAsync("alice@example.com"))?.UserName);
        Assert.Single(await context.ReadAllAsync(TableNames.UserEmails));
    }

    [Fact]
    public async Task An_operation_killed_at_any_write_never_leaves_a_user_who_cannot_log_in()
    {
        for (var writes = 0; writes <= 10; writes++)
        {
            var context = new StorageTestContext(azurite);
            var (_, crashingUsers, _) = context.Crashing(writes);

            var completed = await SimulatedCrashException.CompletesAsync(() => crashingUsers.CreateAsync(Alice()));

            var user = await context.Users.GetAsync("alice");
            Assert.Equal(completed, user is not null);
            if (user is not null)
            {
                Assert.NotNull((await context.Users.VerifyPasswordAsync("alice@example.com", "alice-password")).User);
                Assert.NotNull((await context.Users.VerifyPasswordAsync("alice", "alice-password")).User);
            }
            else
            {
                Assert.True(await context.Users.CreateAsync(Alice()));
            }

            var (_, crashingDelete, _) = context.Crashing(writes);
            var deleted = await SimulatedCrashException.CompletesAsync(() => crashingDelete.DeleteAsync("alice"));
            if (writes > 0)
            {
                Assert.Null(await context.Users.GetAsync("alice"));
                Assert.Null(await context.Users.FindByLoginAsync("alice@example.com"));
            }

            context.Time.Advance(EmailIndex.GracePeriod);
            Assert.Equal(writes > 0, await context.Users.CreateAsync(Alice(name: "carol")));
            if (completed && deleted)
            {
                return;
            }
        }

        Assert.Fail("Creation never completed within 10 writes.");
    }

    public static TheoryData<NewUser, string> BadUsers() => new()
    {
        { new NewUser(string.Empty, "pw"), "UserName" },
        { new NewUser(new string('a', 129), "pw"), "UserName" },
        { new NewUser("tab\tname", "pw"), "UserName" },
        { new NewUser("nul\u0000", "pw"), "UserName" },
        { new NewUser(" padded", "pw"), "UserName" },
        { new NewUser("colon:name", "pw"), "UserName" },
        { new NewUser("alice", string.Empty), "Password" },
        { new NewUser("alice", "pw", "not-an-email"), "Email" },
        { new NewUser("alice", "pw", "two@@example.com"), "Email" },
        { new NewUser("alice", "pw", "spa ce@example.com"), "Email" },
        { new NewUser("alice", "pw", string.Empty), "Email" },
        { new NewUser("alice", "pw", FirstName: new string('f', 8192)), "FirstName" },
        { new NewUser("alice", "pw", Company: "line\nbreak"), "Company" },
        { new NewUser("alice", "pw", Groups: [string.Empty]), "Groups" },
        { new NewUser("alice", "pw", Groups: ["a\nb"]), "Groups" },
    };

    [Theory]
    [MemberData(nameof(BadUsers))]
    public async Task Invalid_users_are_refused_with_a_clear_message_and_nothing_written(NewUser user, string parameter)
    {
        var context = new StorageTestContext(azurite);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => context.Users.CreateAsync(user));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
        Assert.Empty(await context.ReadAllAsync(TableNames.Users));
        Assert.Empty(await context.ReadAllAsync(TableNames.UserEmails));
    }

    [Theory]
    [InlineData("Nuxeo Café Ünïcode")]
    [InlineData("a/b\\c#d?e%f|g")]
    [InlineData("bob@example.com")]
    [InlineData("名前")]
    public async Task Odd_but_legal_user_names_work(string name)
    {
        var context = new StorageTestContext(azurite);

        Assert.True(await context.Users.CreateAsync(new NewUser(name, "pw", $"x{name.Length}@example.com")));

        Assert.Equal(name, (await context.Users.GetAsync(name.ToUpperInvariant()))?.UserName);
        Assert.Equal(name, (await context.Users.VerifyPasswordAsync(name, "pw")).User?.UserName);
    }

    [Fact]
    public async Task A_user_name_that_looks_like_another_users_e_mail_wins_by_name()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(new NewUser("carol", "carol-pw", "bob@example.com"));
        await context.Users.CreateAsync(new NewUser("bob@example.com", "bob-pw"));

        Assert.Equal("bob@example.com", (await context.Users.FindByLoginAsync("bob@example.com"))?.UserName);
        Assert.Equal("carol", (await context.Users.FindByLoginAsync("carol"))?.UserName);
    }
}
