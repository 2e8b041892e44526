using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Users;

namespace Gatehouse.Tests.Users;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableGroupDirectoryTests(AzuriteFixture azurite)
{
    private readonly StorageTestContext _context = new(azurite);

    private static Group NewGroup(string name, params string[] members) => new(name, name + " label", null, members);

    [Fact]
    public async Task A_group_is_found_whatever_the_case_and_keeps_the_case_it_was_created_with()
    {
        Assert.True((await _context.Groups.CreateAsync(NewGroup("Developers"))).Succeeded);

        var found = await _context.Groups.GetAsync("DEVELOPERS");

        Assert.Equal("Developers", found!.Name);
        Assert.Equal("Developers label", found.Label);
        Assert.Equal(GroupChangeStatus.Exists, (await _context.Groups.CreateAsync(NewGroup("developers"))).Status);
    }

    [Fact]
    public async Task A_member_group_must_exist_and_is_stored_as_it_was_created()
    {
        await _context.Groups.CreateAsync(NewGroup("Backend"));

        Assert.Equal(new GroupChange(GroupChangeStatus.UnknownMember, "ghosts"), await _context.Groups.CreateAsync(NewGroup("staff", "backend", "ghosts")));
        Assert.Null(await _context.Groups.GetAsync("staff"));
        Assert.True((await _context.Groups.CreateAsync(NewGroup("staff", "backend"))).Succeeded);
        Assert.Equal(["Backend"], (await _context.Groups.GetAsync("staff"))!.MemberGroups);
    }

    [Fact]
    public async Task A_change_that_would_make_a_group_contain_itself_is_refused_and_writes_nothing()
    {
        await _context.Groups.CreateAsync(NewGroup("backend"));
        await _context.Groups.CreateAsync(NewGroup("staff", "backend"));

        var change = await _context.Groups.UpdateAsync("backend", new GroupUpdate(MemberGroups: ["staff"]));

        Assert.Equal(new GroupChange(GroupChangeStatus.Cycle, "staff"), change);
        Assert.Empty((await _context.Groups.GetAsync("backend"))!.MemberGroups);
    }

    [Fact]
    public async Task Two_concurrent_changes_cannot_form_a_cycle_together()
    {
        await _context.Groups.CreateAsync(NewGroup("a"));
        await _context.Groups.CreateAsync(NewGroup("b"));
        var other = _context.CreateGroupDirectory(_context.ServiceClient);

        var changes = await Task.WhenAll(
            _context.Groups.UpdateAsync("a", new GroupUpdate(MemberGroups: ["b"])),
            other.UpdateAsync("b", new GroupUpdate(MemberGroups: ["a"])));

        Assert.Equal(1, changes.Count(change => change.Succeeded));
        Assert.Equal(1, changes.Count(change => change.Status == GroupChangeStatus.Cycle));
    }

    [Fact]
    public async Task An_update_merges_and_keeps_what_it_does_not_name()
    {
        await _context.Groups.CreateAsync(NewGroup("backend"));
        await _context.Groups.CreateAsync(new Group("staff", "Staff", "Everyone employed", ["backend"]));

        Assert.True((await _context.Groups.UpdateAsync("STAFF", new GroupUpdate(Label: "All staff"))).Succeeded);

        var staff = await _context.Groups.GetAsync("staff");
        Assert.Equal(("staff", "All staff", "Everyone employed"), (staff!.Name, staff.Label, staff.Description));
        Assert.Equal(["backend"], staff.MemberGroups);
    }

    [Fact]
    public async Task Deleting_a_group_takes_it_out_of_the_groups_that_contained_it()
    {
        await _context.Groups.CreateAsync(NewGroup("backend"));
        await _context.Groups.CreateAsync(NewGroup("staff", "backend"));

        Assert.True(await _context.Groups.DeleteAsync("Backend"));

        Assert.Null(await _context.Groups.GetAsync("backend"));
        Assert.Empty((await _context.Groups.GetAsync("staff"))!.MemberGroups);
        Assert.False(await _context.Groups.DeleteAsync("backend"));
    }

    [Fact]
    public async Task A_user_read_from_the_directory_carries_the_groups_reached_through_sub_groups()
    {
        await _context.Groups.CreateAsync(NewGroup("backend"));
        await _context.Groups.CreateAsync(NewGroup("developers", "backend"));
        await _context.Groups.CreateAsync(NewGroup("administrators", "developers"));
        await _context.Users.CreateAsync(new NewUser("alice", "alice-password", Groups: ["backend"]));

        var alice = await _context.Users.GetAsync("alice");

        Assert.Equal(["backend"], alice!.Groups);
        Assert.Equal(["backend", "developers", "administrators"], alice.ExtendedGroups);
        Assert.Equal(alice.ExtendedGroups, (await _context.Users.VerifyPasswordAsync("alice", "alice-password")).User!.ExtendedGroups);
    }

    [Fact]
    public async Task Groups_live_in_one_partition_beside_a_version_row()
    {
        await _context.Groups.CreateAsync(NewGroup("backend"));
        await _context.Groups.CreateAsync(NewGroup("staff", "backend"));

        var rows = await _context.ReadAllAsync(TableNames.Groups);

        Assert.All(rows, row => Assert.Equal("groups", row.PartitionKey));
        Assert.Equal(["backend", "staff", "|version"], rows.Select(row => row.RowKey).Order(StringComparer.Ordinal));
    }
}
