using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Tests.DirectoryApi;

/// <summary>Nuxeo's user API (issue #13, items 1, 2, 5) in process, over Azurite.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class UserApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private DirectoryHandler _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await DirectoryHandler.StartAsync(azurite);

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private static string UserBody(string name, string? password = null, string? email = null, string[]? groups = null)
    {
        var properties = new System.Text.Json.Nodes.JsonObject { ["username"] = name };
        if (password is not null)
        {
            properties["password"] = password;
        }

        if (email is not null)
        {
            properties["email"] = email;
        }

        if (groups is not null)
        {
            properties["groups"] = new System.Text.Json.Nodes.JsonArray([.. groups.Select(g => (System.Text.Json.Nodes.JsonNode?)g)]);
        }

        return new System.Text.Json.Nodes.JsonObject { ["entity-type"] = "user", ["properties"] = properties }.ToJsonString();
    }

    private Task<HttpResponseMessage> PostAsync(string body, System.Net.Http.Headers.AuthenticationHeaderValue? authorization = null) =>
        _gatehouse.SendAsync(HttpMethod.Post, "/api/v1/user", authorization ?? _gatehouse.AdminBasic, body);

    private Task<HttpResponseMessage> PutAsync(string name, string body, System.Net.Http.Headers.AuthenticationHeaderValue? authorization = null) =>
        _gatehouse.SendAsync(HttpMethod.Put, "/api/v1/user/" + Uri.EscapeDataString(name), authorization ?? _gatehouse.AdminBasic, body);

    private Task<HttpResponseMessage> GetAsync(string path, System.Net.Http.Headers.AuthenticationHeaderValue? authorization = null) =>
        _gatehouse.SendAsync(HttpMethod.Get, path, authorization ?? _gatehouse.AdminBasic);

    [Fact]
    public async Task Create_answers_201_with_the_user_in_nuxeos_shape_and_never_a_password()
    {
        var name = DirectoryHandler.NewName("Alice");
        using var response = await PostAsync(UserBody(name, DirectoryHandler.NewPassword(), $"{name}@example.test"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        var user = JsonDocument.Parse(text).RootElement;
        Assert.Equal("user", user.GetProperty("entity-type").GetString());
        Assert.Equal(name, user.GetProperty("id").GetString());
        Assert.Equal(name, user.GetProperty("properties").GetProperty("username").GetString());
        Assert.Equal($"{name}@example.test", user.GetProperty("properties").GetProperty("email").GetString());
        Assert.True(user.GetProperty("properties").GetProperty("enabled").GetBoolean());
        Assert.False(user.GetProperty("isAdministrator").GetBoolean());
        Assert.False(user.GetProperty("isAnonymous").GetBoolean());
        Assert.Equal(0, user.GetProperty("extendedGroups").GetArrayLength());
        Assert.EndsWith("/api/v1/user/" + name, response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("""{"entity-type":"document","properties":{"username":"x","password":"long-enough-password"}}""", "entity-type")]
    [InlineData("""{"properties":{"username":"x","password":"long-enough-password"}}""", "entity-type")]
    [InlineData("""{"entity-type":"user","properties":{"password":"long-enough-password"}}""", "username is required")]
    [InlineData("""{"entity-type":"user","properties":{"username":"a:b","password":"long-enough-password"}}""", "':'")]
    [InlineData("""{"entity-type":"user","properties":{"username":" padded","password":"long-enough-password"}}""", "white space")]
    [InlineData("""{"entity-type":"user","properties":{"username":"x","password":"long-enough-password","groups":"notalist"}}""", "not valid JSON")]
    [InlineData("""{"entity-type":"user","properties":{"username":"x","password":"long-enough-password","email":"no-at-sign"}}""", "email must be an e-mail address")]
    [InlineData("""{"entity-type":"user","properties":{"username":"x"}}""", "password must not be empty")]
    [InlineData("""{"entity-type":"user","properties":{"username":"x","password":"short"}}""", "MinLength")]
    [InlineData("""{"entity-type":"user","properties":{"username":"longenough-x","password":"LONGENOUGH-X"}}""", "not the user's name")]
    [InlineData("""{"entity-type":"user","id":"other","properties":{"username":"x","password":"long-enough-password"}}""", "cannot be renamed")]
    public async Task Create_with_bad_input_is_400_in_nuxeos_exception_shape(string body, string expected)
    {
        using var response = await PostAsync(body);

        Assert.Contains(expected, await DirectoryHandler.ExceptionAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_with_a_too_long_name_is_400_and_writes_nothing()
    {
        var name = new string('n', 129);
        using var response = await PostAsync(UserBody(name, DirectoryHandler.NewPassword()));

        Assert.Contains("at most 128", await DirectoryHandler.ExceptionAsync(response, 400), StringComparison.Ordinal);
        Assert.DoesNotContain(await _gatehouse.Storage.ReadAllAsync("users"), row => row.GetString("UserName") == name);
    }

    [Fact]
    public async Task Create_with_an_unknown_group_is_400_and_writes_nothing()
    {
        var name = DirectoryHandler.NewName("nogroup");
        using var response = await PostAsync(UserBody(name, DirectoryHandler.NewPassword(), groups: ["no-such-group"]));

        Assert.Contains("group no-such-group does not exist", await DirectoryHandler.ExceptionAsync(response, 400), StringComparison.Ordinal);
        using var get = await GetAsync("/api/v1/user/" + name);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Create_of_an_existing_name_in_any_case_or_a_taken_email_is_409()
    {
        var name = DirectoryHandler.NewName("Dup");
        await _gatehouse.CreateUserAsync(name, DirectoryHandler.NewPassword(), $"{name}@example.test");

        using var sameName = await PostAsync(UserBody(name.ToUpperInvariant(), DirectoryHandler.NewPassword()));
        using var sameEmail = await PostAsync(UserBody(DirectoryHandler.NewName("other"), DirectoryHandler.NewPassword(), $"{name.ToUpperInvariant()}@EXAMPLE.test"));

        Assert.Contains("already exists", await DirectoryHandler.ExceptionAsync(sameName, 409), StringComparison.Ordinal);
        Assert.Contains("e-mail address", await DirectoryHandler.ExceptionAsync(sameEmail, 409), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_email_leave_exactly_one_user_with_it()
    {
        var email = DirectoryHandler.NewName("race") + "@example.test";
        var names = Enumerable.Range(0, 6).Select(i => DirectoryHandler.NewName("racer" + i)).ToList();

        var responses = await Task.WhenAll(names.Select(name => PostAsync(UserBody(name, DirectoryHandler.NewPassword(), email))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var holders = (await _gatehouse.Storage.Users.ListAsync()).Where(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Single(holders);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Names_are_found_in_any_case_and_keep_the_case_they_were_created_with()
    {
        var name = DirectoryHandler.NewName("CamelCase");
        await _gatehouse.CreateUserAsync(name, DirectoryHandler.NewPassword());

        using var response = await GetAsync("/api/v1/user/" + name.ToLowerInvariant());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name, (await DirectoryHandler.JsonAsync(response)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Get_of_an_unknown_user_is_404()
    {
        using var response = await GetAsync("/api/v1/user/" + DirectoryHandler.NewName("ghost"));

        Assert.Contains("no user named", await DirectoryHandler.ExceptionAsync(response, 404), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_merges_absent_properties_keep_their_values_and_no_password_keeps_it()
    {
        var name = DirectoryHandler.NewName("merge");
        var password = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, password, $"{name}@example.test");

        using var response = await PutAsync(name, $$$"""{"entity-type":"user","id":"{{{name}}}","properties":{"lastName":"Changed","password":""}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = (await DirectoryHandler.JsonAsync(response)).GetProperty("properties");
        Assert.Equal("Changed", properties.GetProperty("lastName").GetString());
        Assert.Equal("First " + name, properties.GetProperty("firstName").GetString());
        Assert.Equal($"{name}@example.test", properties.GetProperty("email").GetString());
        using var me = await GetAsync("/api/v1/me", DirectoryHandler.Basic(name, password));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Put_with_another_id_than_the_url_is_400()
    {
        var name = DirectoryHandler.NewName("id");
        await _gatehouse.CreateUserAsync(name, DirectoryHandler.NewPassword());

        using var byId = await PutAsync(name, """{"entity-type":"user","id":"someone-else","properties":{}}""");
        using var byUsername = await PutAsync(name, """{"entity-type":"user","properties":{"username":"someone-else"}}""");

        Assert.Contains("cannot be renamed", await DirectoryHandler.ExceptionAsync(byId, 400), StringComparison.Ordinal);
        Assert.Contains("cannot be renamed", await DirectoryHandler.ExceptionAsync(byUsername, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_of_an_unknown_user_is_404_and_an_email_of_another_user_409()
    {
        var name = DirectoryHandler.NewName("mail");
        await _gatehouse.CreateUserAsync(name, DirectoryHandler.NewPassword(), $"{name}@example.test");
        var other = DirectoryHandler.NewName("mail2");
        await _gatehouse.CreateUserAsync(other, DirectoryHandler.NewPassword());

        using var unknown = await PutAsync(DirectoryHandler.NewName("ghost"), """{"entity-type":"user","properties":{}}""");
        using var taken = await PutAsync(other, $$$"""{"entity-type":"user","properties":{"email":"{{{name}}}@example.test"}}""");

        await DirectoryHandler.ExceptionAsync(unknown, 404);
        await DirectoryHandler.ExceptionAsync(taken, 409);
    }

    [Fact]
    public async Task Put_with_a_password_breaking_the_policy_is_400_naming_the_rule()
    {
        var name = DirectoryHandler.NewName("weak");
        await _gatehouse.CreateUserAsync(name, DirectoryHandler.NewPassword());

        using var response = await PutAsync(name, """{"entity-type":"user","properties":{"password":"short"}}""");

        Assert.Contains("Gatehouse:Users:PasswordPolicy:MinLength", await DirectoryHandler.ExceptionAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_answers_204_revokes_the_bindings_frees_the_email_and_resets_the_second_factor()
    {
        var name = DirectoryHandler.NewName("leaver");
        var password = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, password, $"{name}@example.test");
        using var token = await _gatehouse.SendAsync(HttpMethod.Get, "/authentication/token?applicationName=app&deviceId=dev&permission=ReadWrite", DirectoryHandler.Basic(name, password));
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        var tokenText = await token.Content.ReadAsStringAsync();
        var secondFactor = _gatehouse.Services.GetRequiredService<Gatehouse.Mfa.ISecondFactor>();
        var principal = new Gatehouse.Chain.Principal(name, null, null, null, [], false, false, "BASIC_AUTH", null, null);
        Assert.NotNull(await secondFactor.BeginEnrolmentAsync(principal));

        using var deleted = await _gatehouse.SendAsync(HttpMethod.Delete, "/api/v1/user/" + name, _gatehouse.AdminBasic);
        using var again = await _gatehouse.SendAsync(HttpMethod.Delete, "/api/v1/user/" + name, _gatehouse.AdminBasic);
        using var withToken = await _gatehouse.SendAsync(HttpMethod.Get, "/api/v1/me", null, null, ("X-Authentication-Token", tokenText));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await DirectoryHandler.ExceptionAsync(again, 404);
        Assert.Equal(HttpStatusCode.Unauthorized, withToken.StatusCode);
        Assert.Empty(await _gatehouse.Storage.Tokens.ListAsync(name, null));
        Assert.Null(_gatehouse.Fakes.SecondFactors[name]);
        await _gatehouse.CreateUserAsync(DirectoryHandler.NewName("heir"), DirectoryHandler.NewPassword(), $"{name}@example.test");
    }

    [Fact]
    public async Task The_bootstrap_administrator_cannot_be_deleted_disabled_or_taken_out_of_administrators()
    {
        using var delete = await _gatehouse.SendAsync(HttpMethod.Delete, "/api/v1/user/ADMIN", _gatehouse.AdminBasic);
        using var disable = await PutAsync(DirectoryHandler.Admin, """{"entity-type":"user","properties":{"enabled":false}}""");
        using var regroup = await PutAsync(DirectoryHandler.Admin, """{"entity-type":"user","properties":{"groups":[]}}""");
        using var leave = await _gatehouse.SendAsync(HttpMethod.Delete, "/api/v1/group/administrators/user/admin", _gatehouse.AdminBasic);
        using var group = await _gatehouse.SendAsync(HttpMethod.Delete, "/api/v1/group/administrators", _gatehouse.AdminBasic);
        using var members = await _gatehouse.SendAsync(HttpMethod.Put, "/api/v1/group/administrators", _gatehouse.AdminBasic, """{"entity-type":"group","memberUsers":[]}""");

        Assert.Contains("cannot be deleted", await DirectoryHandler.ExceptionAsync(delete, 403), StringComparison.Ordinal);
        Assert.Contains("cannot be disabled", await DirectoryHandler.ExceptionAsync(disable, 403), StringComparison.Ordinal);
        Assert.Contains("cannot leave", await DirectoryHandler.ExceptionAsync(regroup, 403), StringComparison.Ordinal);
        Assert.Contains("cannot leave", await DirectoryHandler.ExceptionAsync(leave, 403), StringComparison.Ordinal);
        Assert.Contains("cannot be deleted", await DirectoryHandler.ExceptionAsync(group, 403), StringComparison.Ordinal);
        Assert.Contains("cannot leave", await DirectoryHandler.ExceptionAsync(members, 403), StringComparison.Ordinal);
        using var me = await GetAsync("/api/v1/me");
        Assert.True((await DirectoryHandler.JsonAsync(me)).GetProperty("isAdministrator").GetBoolean());
    }

    [Fact]
    public async Task Disabling_a_user_refuses_them_at_once_and_enabling_lets_them_back()
    {
        var name = DirectoryHandler.NewName("toggle");
        var password = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, password);
        using var before = await GetAsync("/api/v1/me", DirectoryHandler.Basic(name, password));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var disable = await PutAsync(name, """{"entity-type":"user","properties":{"enabled":false}}""");
        using var disabled = await GetAsync("/api/v1/me", DirectoryHandler.Basic(name, password));
        using var enable = await PutAsync(name, """{"entity-type":"user","properties":{"enabled":true}}""");
        using var enabled = await GetAsync("/api/v1/me", DirectoryHandler.Basic(name, password));

        Assert.False((await DirectoryHandler.JsonAsync(disable)).GetProperty("properties").GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
    }

    [Fact]
    public async Task A_user_reads_and_updates_only_their_own_profile()
    {
        var name = DirectoryHandler.NewName("self");
        var password = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, password);
        var other = DirectoryHandler.NewName("someone");
        await _gatehouse.CreateUserAsync(other, DirectoryHandler.NewPassword());
        var self = DirectoryHandler.Basic(name, password);

        using var own = await GetAsync("/api/v1/user/" + name, self);
        using var another = await GetAsync("/api/v1/user/" + other, self);
        using var nobody = await GetAsync("/api/v1/user/" + DirectoryHandler.NewName("ghost"), self);
        using var update = await PutAsync(name, """{"entity-type":"user","properties":{"company":"Acme","groups":[],"enabled":true}}""", self);
        using var updateOther = await PutAsync(other, """{"entity-type":"user","properties":{"company":"Acme"}}""", self);
        using var create = await PostAsync(UserBody(DirectoryHandler.NewName("new"), DirectoryHandler.NewPassword()), self);
        using var delete = await _gatehouse.SendAsync(HttpMethod.Delete, "/api/v1/user/" + other, self);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var hidden = await DirectoryHandler.ExceptionAsync(another, 404);
        Assert.Equal(hidden.Replace(other, "X", StringComparison.Ordinal), (await DirectoryHandler.ExceptionAsync(nobody, 404)).Replace(nobody.RequestMessage!.RequestUri!.Segments[^1], "X", StringComparison.Ordinal));
        Assert.Equal("Acme", (await DirectoryHandler.JsonAsync(update)).GetProperty("properties").GetProperty("company").GetString());
        await DirectoryHandler.ExceptionAsync(updateOther, 403);
        await DirectoryHandler.ExceptionAsync(create, 403);
        await DirectoryHandler.ExceptionAsync(delete, 403);
    }

    [Theory]
    [InlineData("""{"entity-type":"user","properties":{"groups":["administrators"]}}""", "groups")]
    [InlineData("""{"entity-type":"user","properties":{"enabled":false}}""", "enable or disable")]
    [InlineData("""{"entity-type":"user","properties":{"password":"a-new-long-password"}}""", "changepassword")]
    public async Task A_user_cannot_change_their_own_groups_enabled_flag_or_password_here(string body, string expected)
    {
        var name = DirectoryHandler.NewName("climber");
        var password = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, password);

        using var response = await PutAsync(name, body, DirectoryHandler.Basic(name, password));

        Assert.Contains(expected, await DirectoryHandler.ExceptionAsync(response, 403), StringComparison.Ordinal);
        using var me = await GetAsync("/api/v1/me", DirectoryHandler.Basic(name, password));
        var user = await DirectoryHandler.JsonAsync(me);
        Assert.False(user.GetProperty("isAdministrator").GetBoolean());
        Assert.True(user.GetProperty("properties").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_read_only_token_never_writes()
    {
        using var token = await _gatehouse.SendAsync(HttpMethod.Get, "/authentication/token?applicationName=app&deviceId=ro&permission=read", _gatehouse.AdminBasic);
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        var header = ("X-Authentication-Token", await token.Content.ReadAsStringAsync());

        using var read = await _gatehouse.SendAsync(HttpMethod.Get, "/api/v1/user/admin", null, null, header);
        using var create = await _gatehouse.SendAsync(HttpMethod.Post, "/api/v1/user", null, UserBody(DirectoryHandler.NewName("ro"), DirectoryHandler.NewPassword()), header);
        using var update = await _gatehouse.SendAsync(HttpMethod.Put, "/api/v1/user/admin", null, """{"entity-type":"user","properties":{"company":"x"}}""", header);
        using var group = await _gatehouse.SendAsync(HttpMethod.Post, "/api/v1/group", null, """{"entity-type":"group","groupname":"ro-group"}""", header);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("read-only token", await DirectoryHandler.ExceptionAsync(create, 403), StringComparison.Ordinal);
        await DirectoryHandler.ExceptionAsync(update, 403);
        await DirectoryHandler.ExceptionAsync(group, 403);
    }

    [Fact]
    public async Task Search_pages_over_name_first_and_last_name_case_insensitively()
    {
        var tag = DirectoryHandler.NewName("srch");
        for (var i = 0; i < 3; i++)
        {
            await _gatehouse.CreateUserAsync($"{tag}-{i}", DirectoryHandler.NewPassword());
        }

        using var first = await GetAsync($"/api/v1/user/search?q={tag.ToUpperInvariant()}&pageSize=2");
        using var second = await GetAsync($"/api/v1/user/search?q={tag}&pageSize=2&currentPageIndex=1");
        using var byFirstName = await GetAsync($"/api/v1/user/search?q=first%20{tag}-1");
        using var none = await GetAsync("/api/v1/user/search?q=");
        using var all = await GetAsync("/api/v1/user/search?q=*");

        var page = await DirectoryHandler.JsonAsync(first);
        Assert.Equal("users", page.GetProperty("entity-type").GetString());
        Assert.True(page.GetProperty("isPaginable").GetBoolean());
        Assert.Equal(3, page.GetProperty("resultsCount").GetInt32());
        Assert.Equal(2, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(2, page.GetProperty("currentPageSize").GetInt32());
        Assert.Equal(2, page.GetProperty("numberOfPages").GetInt32());
        Assert.True(page.GetProperty("isNextPageAvailable").GetBoolean());
        Assert.False(page.GetProperty("isPreviousPageAvailable").GetBoolean());
        var last = await DirectoryHandler.JsonAsync(second);
        Assert.Equal($"{tag}-2", Assert.Single(last.GetProperty("entries").EnumerateArray()).GetProperty("id").GetString());
        Assert.True(last.GetProperty("isPreviousPageAvailable").GetBoolean());
        Assert.Equal($"{tag}-1", Assert.Single((await DirectoryHandler.JsonAsync(byFirstName)).GetProperty("entries").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(0, (await DirectoryHandler.JsonAsync(none)).GetProperty("resultsCount").GetInt32());
        var everyone = await DirectoryHandler.JsonAsync(all);
        Assert.Equal(50, everyone.GetProperty("pageSize").GetInt32());
        Assert.True(everyone.GetProperty("resultsCount").GetInt32() >= 4);
    }

    [Theory]
    [InlineData("pageSize=-1")]
    [InlineData("currentPageIndex=x")]
    public async Task Search_with_bad_paging_is_400(string query)
    {
        using var response = await GetAsync("/api/v1/user/search?q=*&" + query);

        await DirectoryHandler.ExceptionAsync(response, 400);
    }

    [Fact]
    public async Task A_users_search_finds_only_themselves()
    {
        var name = DirectoryHandler.NewName("finder");
        var password = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, password);

        using var response = await GetAsync("/api/v1/user/search?q=*", DirectoryHandler.Basic(name, password));

        Assert.Equal(name, Assert.Single((await DirectoryHandler.JsonAsync(response)).GetProperty("entries").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Unknown_paths_and_methods_answer_in_nuxeos_exception_shape()
    {
        using var path = await GetAsync("/api/v1/user/a/b");
        using var method = await _gatehouse.SendAsync(HttpMethod.Get, "/api/v1/user", _gatehouse.AdminBasic);
        using var anonymous = await _gatehouse.SendAsync(HttpMethod.Get, "/api/v1/user/admin", null);

        await DirectoryHandler.ExceptionAsync(path, 404);
        await DirectoryHandler.ExceptionAsync(method, 405);
        await DirectoryHandler.ExceptionAsync(anonymous, 401);
    }
}
