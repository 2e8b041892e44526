using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Tests.Users;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class EmailIndexTests
{
    private const string Email = "Alice@Example.com";

    private readonly StorageTestContext _context;
    private readonly Dictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly EmailIndex _index;

    public EmailIndexTests(AzuriteFixture azurite)
    {
        _context = new StorageTestContext(azurite);
        _index = new EmailIndex(_context.Tables, HoldsAsync, _context.Time, NullLogger.Instance);
    }

    /// <summary>A user row now exists for <paramref name="userName"/> holding <paramref name="email"/>.</summary>
    private void UserExists(string userName, string email = Email) => _users[userName.ToLowerInvariant()] = email;

    private Task<bool> HoldsAsync(string owner, string email, CancellationToken cancellationToken) =>
        Task.FromResult(_users.TryGetValue(owner, out var held) && string.Equals(held, email, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task A_free_address_is_claimed_for_the_lower_case_user_name_whatever_its_case()
    {
        var claim = await _index.ClaimAsync(Email, "Alice", CancellationToken.None);

        Assert.NotNull(claim);
        Assert.True(claim.Written);
        Assert.Equal("alice", claim.Owner);
        Assert.Equal("alice", await _index.OwnerOfAsync("ALICE@example.COM", CancellationToken.None));
        Assert.True(await _index.StillHeldAsync(claim, CancellationToken.None));
    }

    [Fact]
    public async Task An_address_a_live_user_holds_is_taken_even_long_after()
    {
        await _index.ClaimAsync(Email, "alice", CancellationToken.None);
        UserExists("alice");
        _context.Time.Advance(EmailIndex.GracePeriod * 10);

        Assert.Null(await _index.ClaimAsync(Email, "bob", CancellationToken.None));
        Assert.Null(await _index.ClaimAsync(Email, "alice", CancellationToken.None));
        Assert.Equal("alice", await _index.OwnerOfAsync(Email, CancellationToken.None));
    }

    [Fact]
    public async Task A_leftover_of_the_same_user_name_is_reused_at_once_without_a_write()
    {
        var first = await _index.ClaimAsync(Email, "alice", CancellationToken.None);

        var again = await _index.ClaimAsync(Email, "ALICE", CancellationToken.None);

        Assert.NotNull(again);
        Assert.False(again.Written);
        Assert.Equal(first!.ETag, again.ETag);
    }

    [Fact]
    public async Task Another_users_leftover_is_free_only_once_the_grace_period_has_passed()
    {
        var leftover = await _index.ClaimAsync(Email, "alice", CancellationToken.None);

        Assert.Null(await _index.ClaimAsync(Email, "bob", CancellationToken.None));
        _context.Time.Advance(EmailIndex.GracePeriod);
        var taken = await _index.ClaimAsync(Email, "bob", CancellationToken.None);

        Assert.NotNull(taken);
        Assert.True(taken.Written);
        Assert.Equal("bob", await _index.OwnerOfAsync(Email, CancellationToken.None));
        Assert.False(await _index.StillHeldAsync(leftover!, CancellationToken.None));
        Assert.Single(await _context.ReadAllAsync(TableNames.UserEmails));
    }

    [Fact]
    public async Task Withdrawing_a_written_claim_frees_the_address()
    {
        var claim = await _index.ClaimAsync(Email, "alice", CancellationToken.None);

        await _index.WithdrawAsync(claim!, CancellationToken.None);

        Assert.Null(await _index.OwnerOfAsync(Email, CancellationToken.None));
        Assert.NotNull(await _index.ClaimAsync(Email, "bob", CancellationToken.None));
    }

    [Fact]
    public async Task Withdrawing_a_reused_leftover_leaves_it_for_the_creation_that_won()
    {
        await _index.ClaimAsync(Email, "alice", CancellationToken.None);
        var reused = await _index.ClaimAsync(Email, "alice", CancellationToken.None);

        await _index.WithdrawAsync(reused!, CancellationToken.None);

        Assert.Equal("alice", await _index.OwnerOfAsync(Email, CancellationToken.None));
    }

    [Fact]
    public async Task Withdrawing_a_claim_taken_over_meanwhile_leaves_the_new_owners()
    {
        var lost = await _index.ClaimAsync(Email, "alice", CancellationToken.None);
        _context.Time.Advance(EmailIndex.GracePeriod);
        await _index.ClaimAsync(Email, "bob", CancellationToken.None);

        await _index.WithdrawAsync(lost!, CancellationToken.None);

        Assert.Equal("bob", await _index.OwnerOfAsync(Email, CancellationToken.None));
    }

    [Fact]
    public async Task Releasing_for_a_user_frees_the_address_only_if_the_index_names_that_user()
    {
        await _index.ClaimAsync(Email, "alice", CancellationToken.None);

        await _index.ReleaseAsync(Email, "bob", CancellationToken.None);
        Assert.Equal("alice", await _index.OwnerOfAsync(Email, CancellationToken.None));

        await _index.ReleaseAsync("alice@EXAMPLE.com", "Alice", CancellationToken.None);
        Assert.Null(await _index.OwnerOfAsync(Email, CancellationToken.None));
    }
}
