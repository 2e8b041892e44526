using Gatehouse.Users;

namespace Gatehouse.Tests.Users;

public sealed class GroupGraphTests
{
    // staff ⊃ developers ⊃ backend; everyone ⊃ staff
    private static readonly GroupGraph Graph = new(
    [
        new Group("everyone", null, null, ["staff"]),
        new Group("staff", null, null, ["Developers"]),
        new Group("Developers", "Developers", null, ["backend"]),
        new Group("backend", null, null, []),
        new Group("lonely", null, null, []),
    ]);

    [Fact]
    public void A_member_of_a_sub_group_belongs_to_every_group_above_it_nearest_first()
    {
        Assert.Equal(["backend", "Developers", "staff", "everyone"], Graph.Expand(["backend"]));
    }

    [Fact]
    public void Names_resolve_case_insensitively_and_each_group_comes_once()
    {
        Assert.Equal(["DEVELOPERS", "staff", "everyone"], Graph.Expand(["DEVELOPERS", "developers"]).Take(3));
        Assert.Equal(3, Graph.Expand(["DEVELOPERS", "developers"]).Count);
    }

    [Fact]
    public void A_direct_group_without_a_row_still_counts()
    {
        Assert.Equal(["administrators"], Graph.Expand(["administrators"]));
    }

    [Theory]
    [InlineData("backend", "everyone")]
    [InlineData("backend", "backend")]
    [InlineData("Developers", "STAFF")]
    public void Putting_an_ancestor_or_the_group_itself_inside_a_group_is_a_cycle(string group, string member)
    {
        Assert.Equal(member, Graph.FindCycle(group, ["lonely", member]));
    }

    [Fact]
    public void Putting_an_unrelated_or_lower_group_inside_is_no_cycle()
    {
        Assert.Null(Graph.FindCycle("everyone", ["lonely", "backend"]));
    }

    [Fact]
    public void Expanding_a_stored_cycle_terminates()
    {
        var cyclic = new GroupGraph([new Group("a", null, null, ["b"]), new Group("b", null, null, ["a"])]);

        Assert.Equal(["a", "b"], cyclic.Expand(["a"]));
    }

    [Fact]
    public void Parents_are_the_groups_that_list_a_group_as_member()
    {
        Assert.Equal(["staff"], Graph.ParentsOf("developers"));
        Assert.Empty(Graph.ParentsOf("everyone"));
    }
}
