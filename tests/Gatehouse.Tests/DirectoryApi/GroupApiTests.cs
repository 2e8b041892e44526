using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.DirectoryApi;

/// <summary>Nuxeo's group API and membership (issue #13, items 1, 2, 5) in process, over Azurite.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class GroupApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Fetch = "?fetch-group=memberUsers&fetch-group=memberGroups";

    private DirectoryHandler _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await DirectoryHandler.StartAsync(azurite);

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, System.Net.Http.Headers.AuthenticationHeaderValue? authorization = null, params (string, string)[] headers) =>
        _gatehouse.SendAsync(method, path, authorization ?? _gatehouse.AdminBasic, body, headers);

    private static string[] Names(JsonElement group, string list) => group.GetProperty(list).EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task Create_echoes_the_group_and_its_members_when_asked()
    {
        var user = DirectoryHandler.NewName("member");
        await _gatehouse.CreateUserAsync(user, DirectoryHandler.NewPassword());
        var sub = DirectoryHandler.NewName("Sub");
        await _gatehouse.CreateGroupAsync(sub);
        var name = DirectoryHandler.NewName("Team");

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/group" + Fetch, $$$"""{"entity-type":"group","groupname":"{{{name}}}","grouplabel":"The team","memberUsers":["{{{user.ToUpperInvariant()}}}"],"memberGroups":["{{{sub}}}"]}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var group = await DirectoryHandler.JsonAsync(response);
        Assert.Equal("group", group.GetProperty("entity-type").GetString());
        Assert.Equal(name, group.GetProperty("groupname").GetString());
        Assert.Equal(name, group.GetProperty("id").GetString());
        Assert.Equal("The team", group.GetProperty("grouplabel").GetString());
        Assert.Equal("The team", group.GetProperty("properties").GetProperty("grouplabel").GetString());
        Assert.Equal([user], Names(group, "memberUsers"));
        Assert.Equal([sub], Names(group, "memberGroups"));
        Assert.False(group.TryGetProperty("parentGroups", out _));
    }

    [Fact]
    public async Task Member_lists_are_written_only_when_fetch_group_asks_for_them_in_any_of_nuxeos_spellings()
    {
        var name = DirectoryHandler.NewName("fetch");
        var parent = DirectoryHandler.NewName("parent");
        await _gatehouse.CreateGroupAsync(name);
        await _gatehouse.CreateGroupAsync(parent, memberGroups: [name]);

        using var plain = await SendAsync(HttpMethod.Get, "/api/v1/group/" + name);
        using var dotted = await SendAsync(HttpMethod.Get, $"/api/v1/group/{name}?fetch.group=memberUsers,parentGroups");
        using var header = await SendAsync(HttpMethod.Get, "/api/v1/group/" + name, null, null, ("X-NXfetch.group", "memberGroups"));

        var bare = await DirectoryHandler.JsonAsync(plain);
        Assert.False(bare.TryGetProperty("memberUsers", out _));
        Assert.False(bare.TryGetProperty("memberGroups", out _));
        var fetched = await DirectoryHandler.JsonAsync(dotted);
        Assert.Empty(Names(fetched, "memberUsers"));
        Assert.Equal([parent], Names(fetched, "parentGroups"));
        Assert.False(fetched.TryGetProperty("memberGroups", out _));
        Assert.Empty(Names(await DirectoryHandler.JsonAsync(header), "memberGroups"));
    }

    [Fact]
    public async Task Create_with_an_unknown_member_is_400_and_writes_nothing()
    {
        var name = DirectoryHandler.NewName("ghosts");

        using var users = await SendAsync(HttpMethod.Post, "/api/v1/group", $$$"""{"entity-type":"group","groupname":"{{{name}}}","memberUsers":["nobody-here"]}""");
        using var groups = await SendAsync(HttpMethod.Post, "/api/v1/group", $$$"""{"entity-type":"group","groupname":"{{{name}}}","memberGroups":["no-group-here"]}""");
        using var get = await SendAsync(HttpMethod.Get, "/api/v1/group/" + name);

        Assert.Contains("no user named nobody-here", await DirectoryHandler.ExceptionAsync(users, 400), StringComparison.Ordinal);
        Assert.Contains("no group named no-group-here", await DirectoryHandler.ExceptionAsync(groups, 400), StringComparison.Ordinal);
        await DirectoryHandler.ExceptionAsync(get, 404);
    }

    [Theory]
    [InlineData("""{"entity-type":"user","groupname":"x"}""", "entity-type")]
    [InlineData("""{"entity-type":"group"}""", "groupname is required")]
    [InlineData("""{"entity-type":"group","groupname":"a:b"}""", "':'")]
    [InlineData("""[1,2]""", "not valid JSON")]
    public async Task Create_with_bad_input_is_400(string body, string expected)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/group", body);

        Assert.Contains(expected, await DirectoryHandler.ExceptionAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_of_an_existing_group_in_any_case_is_409()
    {
        var name = DirectoryHandler.NewName("Twice");
        await _gatehouse.CreateGroupAsync(name);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/group", $$$"""{"entity-type":"group","groupname":"{{{name.ToUpperInvariant()}}}"}""");

        await DirectoryHandler.ExceptionAsync(response, 409);
    }

    [Fact]
    public async Task Put_replaces_a_member_list_only_when_its_key_is_present()
    {
        var first = DirectoryHandler.NewName("u1");
        var second = DirectoryHandler.NewName("u2");
        await _gatehouse.CreateUserAsync(first, DirectoryHandler.NewPassword());
        await _gatehouse.CreateUserAsync(second, DirectoryHandler.NewPassword());
        var sub = DirectoryHandler.NewName("sub");
        await _gatehouse.CreateGroupAsync(sub);
        var name = DirectoryHandler.NewName("put");
        await _gatehouse.CreateGroupAsync(name, [first], [sub]);

        using var label = await SendAsync(HttpMethod.Put, "/api/v1/group/" + name, """{"entity-type":"group","grouplabel":"Renamed"}""");
        using var afterLabel = await SendAsync(HttpMethod.Get, "/api/v1/group/" + name + Fetch);
        using var members = await SendAsync(HttpMethod.Put, "/api/v1/group/" + name, $$$"""{"entity-type":"group","groupname":"{{{name}}}","memberUsers":["{{{second}}}"],"memberGroups":[]}""");
        using var afterMembers = await SendAsync(HttpMethod.Get, "/api/v1/group/" + name + Fetch);

        Assert.Equal(HttpStatusCode.OK, label.StatusCode);
        var labelled = await DirectoryHandler.JsonAsync(afterLabel);
        Assert.Equal("Renamed", labelled.GetProperty("grouplabel").GetString());
        Assert.Equal([first], Names(labelled, "memberUsers"));
        Assert.Equal([sub], Names(labelled, "memberGroups"));
        Assert.Equal(HttpStatusCode.OK, members.StatusCode);
        var replaced = await DirectoryHandler.JsonAsync(afterMembers);
        Assert.Equal([second], Names(replaced, "memberUsers"));
        Assert.Empty(Names(replaced, "memberGroups"));
        Assert.Equal("Renamed", replaced.GetProperty("grouplabel").GetString());
    }

    [Fact]
    public async Task Put_with_another_name_a_cycle_or_an_unknown_member_is_400_and_changes_nothing()
    {
        var child = DirectoryHandler.NewName("child");
        await _gatehouse.CreateGroupAsync(child);
        var parent = DirectoryHandler.NewName("parent");
        await _gatehouse.CreateGroupAsync(parent, memberGroups: [child]);

        using var renamed = await SendAsync(HttpMethod.Put, "/api/v1/group/" + child, """{"entity-type":"group","groupname":"other"}""");
        using var cycle = await SendAsync(HttpMethod.Put, "/api/v1/group/" + child, $$$"""{"entity-type":"group","memberGroups":["{{{parent}}}"]}""");
        using var self = await SendAsync(HttpMethod.Put, "/api/v1/group/" + child, $$$"""{"entity-type":"group","memberGroups":["{{{child}}}"]}""");
        using var unknownUser = await SendAsync(HttpMethod.Put, "/api/v1/group/" + child, """{"entity-type":"group","grouplabel":"changed","memberUsers":["ghost-user"]}""");
        using var unknown = await SendAsync(HttpMethod.Put, "/api/v1/group/" + DirectoryHandler.NewName("nope"), """{"entity-type":"group"}""");
        using var after = await SendAsync(HttpMethod.Get, "/api/v1/group/" + child + Fetch);

        Assert.Contains("cannot be renamed", await DirectoryHandler.ExceptionAsync(renamed, 400), StringComparison.Ordinal);
        Assert.Contains("cycle", await DirectoryHandler.ExceptionAsync(cycle, 400), StringComparison.Ordinal);
        Assert.Contains("cycle", await DirectoryHandler.ExceptionAsync(self, 400), StringComparison.Ordinal);
        Assert.Contains("ghost-user", await DirectoryHandler.ExceptionAsync(unknownUser, 400), StringComparison.Ordinal);
        await DirectoryHandler.ExceptionAsync(unknown, 404);
        var group = await DirectoryHandler.JsonAsync(after);
        Assert.Empty(Names(group, "memberGroups"));
        Assert.Equal("Label " + child, group.GetProperty("grouplabel").GetString());
    }

    [Fact]
    public async Task Delete_answers_204_takes_the_group_out_of_its_members_and_then_404()
    {
        var user = DirectoryHandler.NewName("was-member");
        await _gatehouse.CreateUserAsync(user, DirectoryHandler.NewPassword());
        var name = DirectoryHandler.NewName("doomed");
        await _gatehouse.CreateGroupAsync(name, [user]);

        using var deleted = await SendAsync(HttpMethod.Delete, "/api/v1/group/" + name);
        using var again = await SendAsync(HttpMethod.Delete, "/api/v1/group/" + name);
        using var member = await SendAsync(HttpMethod.Get, "/api/v1/user/" + user);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await DirectoryHandler.ExceptionAsync(again, 404);
        Assert.Empty((await DirectoryHandler.JsonAsync(member)).GetProperty("properties").GetProperty("groups").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/v1/group/{0}/user/{1}")]
    [InlineData("/api/v1/user/{1}/group/{0}")]
    public async Task Membership_post_answers_201_with_the_user_and_delete_200_with_the_plain_name(string template)
    {
        var user = DirectoryHandler.NewName("Joiner");
        await _gatehouse.CreateUserAsync(user, DirectoryHandler.NewPassword());
        var group = DirectoryHandler.NewName("club");
        await _gatehouse.CreateGroupAsync(group);
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, group.ToUpperInvariant(), user.ToLowerInvariant());

        using var joined = await SendAsync(HttpMethod.Post, path);
        using var left = await SendAsync(HttpMethod.Delete, path);
        using var unknownUser = await SendAsync(HttpMethod.Post, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, group, "ghost"));
        using var unknownGroup = await SendAsync(HttpMethod.Post, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "ghost-group", user));

        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var answer = await DirectoryHandler.JsonAsync(joined);
        Assert.Equal(user, answer.GetProperty("id").GetString());
        Assert.Equal([group], Names(answer.GetProperty("properties"), "groups"));
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Equal("text/plain", left.Content.Headers.ContentType?.MediaType);
        Assert.Equal(user, await left.Content.ReadAsStringAsync());
        await DirectoryHandler.ExceptionAsync(unknownUser, 404);
        await DirectoryHandler.ExceptionAsync(unknownGroup, 404);
    }

    [Fact]
    public async Task A_member_of_a_sub_group_belongs_to_the_parent_in_extended_groups_and_remote_groups()
    {
        var password = DirectoryHandler.NewPassword();
        var user = DirectoryHandler.NewName("nested");
        await _gatehouse.CreateUserAsync(user, password);
        var child = DirectoryHandler.NewName("Child");
        var parent = DirectoryHandler.NewName("Parent");
        await _gatehouse.CreateGroupAsync(child, [user]);
        await _gatehouse.CreateGroupAsync(parent, memberGroups: [child]);

        using var me = await SendAsync(HttpMethod.Get, "/api/v1/me", null, DirectoryHandler.Basic(user, password));
        using var authorize = await _gatehouse.SendAsync(HttpMethod.Get, "/authorize", DirectoryHandler.Basic(user, password), null, ("X-Original-Method", "GET"), ("X-Original-URI", "/app/x"));

        var extended = (await DirectoryHandler.JsonAsync(me)).GetProperty("extendedGroups").EnumerateArray().ToList();
        Assert.Equal([child, parent], extended.Select(g => g.GetProperty("name").GetString()));
        Assert.Equal("Label " + parent, extended[1].GetProperty("label").GetString());
        Assert.Equal("group/" + parent, extended[1].GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, authorize.StatusCode);
        var groups = authorize.Headers.GetValues("Remote-Groups").Single();
        Assert.Contains(child, groups, StringComparison.Ordinal);
        Assert.Contains(parent, groups, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_of_a_sub_group_of_administrators_administers()
    {
        var password = DirectoryHandler.NewPassword();
        var user = DirectoryHandler.NewName("deputy");
        await _gatehouse.CreateUserAsync(user, password);
        var deputies = DirectoryHandler.NewName("deputies");
        await _gatehouse.CreateGroupAsync(deputies, [user]);
        using var nest = await SendAsync(HttpMethod.Put, "/api/v1/group/administrators", $$$"""{"entity-type":"group","memberGroups":["{{{deputies}}}"]}""");
        Assert.Equal(HttpStatusCode.OK, nest.StatusCode);

        using var me = await SendAsync(HttpMethod.Get, "/api/v1/me", null, DirectoryHandler.Basic(user, password));
        using var create = await SendAsync(HttpMethod.Post, "/api/v1/group", $$$"""{"entity-type":"group","groupname":"{{{DirectoryHandler.NewName("by-deputy")}}}"}""", DirectoryHandler.Basic(user, password));

        Assert.True((await DirectoryHandler.JsonAsync(me)).GetProperty("isAdministrator").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        using var undo = await SendAsync(HttpMethod.Put, "/api/v1/group/administrators", """{"entity-type":"group","memberGroups":[]}""");
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
    }

    [Fact]
    public async Task A_user_reads_and_finds_only_their_own_groups_and_changes_none()
    {
        var password = DirectoryHandler.NewPassword();
        var user = DirectoryHandler.NewName("reader");
        await _gatehouse.CreateUserAsync(user, password);
        var mine = DirectoryHandler.NewName("mine");
        var theirs = DirectoryHandler.NewName("theirs");
        await _gatehouse.CreateGroupAsync(mine, [user]);
        await _gatehouse.CreateGroupAsync(theirs);
        var basic = DirectoryHandler.Basic(user, password);

        using var own = await SendAsync(HttpMethod.Get, "/api/v1/group/" + mine, null, basic);
        using var other = await SendAsync(HttpMethod.Get, "/api/v1/group/" + theirs, null, basic);
        using var search = await SendAsync(HttpMethod.Get, "/api/v1/group/search?q=*", null, basic);
        using var put = await SendAsync(HttpMethod.Put, "/api/v1/group/" + mine, """{"entity-type":"group","grouplabel":"mine now"}""", basic);
        using var join = await SendAsync(HttpMethod.Post, $"/api/v1/group/{theirs}/user/{user}", null, basic);
        using var delete = await SendAsync(HttpMethod.Delete, "/api/v1/group/" + mine, null, basic);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await DirectoryHandler.ExceptionAsync(other, 404);
        Assert.Equal([mine], (await DirectoryHandler.JsonAsync(search)).GetProperty("entries").EnumerateArray().Select(g => g.GetProperty("groupname").GetString()));
        await DirectoryHandler.ExceptionAsync(put, 403);
        await DirectoryHandler.ExceptionAsync(join, 403);
        await DirectoryHandler.ExceptionAsync(delete, 403);
    }

    [Fact]
    public async Task Search_matches_name_and_label_and_pages_in_nuxeos_shape()
    {
        var tag = DirectoryHandler.NewName("gsearch");
        await _gatehouse.CreateGroupAsync(tag + "-a");
        await _gatehouse.CreateGroupAsync(tag + "-b");

        using var byName = await SendAsync(HttpMethod.Get, $"/api/v1/group/search?q={tag.ToUpperInvariant()}&pageSize=1");
        using var byLabel = await SendAsync(HttpMethod.Get, $"/api/v1/group/search?q=label%20{tag}-b");

        var page = await DirectoryHandler.JsonAsync(byName);
        Assert.Equal("groups", page.GetProperty("entity-type").GetString());
        Assert.Equal(2, page.GetProperty("resultsCount").GetInt32());
        Assert.Equal(1, page.GetProperty("currentPageSize").GetInt32());
        Assert.True(page.GetProperty("isNextPageAvailable").GetBoolean());
        Assert.Equal(tag + "-b", Assert.Single((await DirectoryHandler.JsonAsync(byLabel)).GetProperty("entries").EnumerateArray()).GetProperty("groupname").GetString());
    }
}
