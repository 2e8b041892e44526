using System.Security.Cryptography;
using System.Text.Json;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// nuxeo-python-client's users and groups APIs, request by request as it sends them (NUXEO-FACTS §2: its headers, and
/// bodies as <c>json.dumps</c> writes its models), through the published app under the Functions host double; checks
/// what the client reads from each answer (issue #13, item 6).
/// </summary>
public sealed class NuxeoPythonClientDirectoryEndToEndTests(GatehouseFixture gatehouse) : NuxeoPythonClientDirectoryContract<GatehouseFixture>(gatehouse), IClassFixture<GatehouseFixture>;

/// <summary>The same requests against standalone Gatehouse.</summary>
public sealed class StandaloneNuxeoPythonClientDirectoryEndToEndTests(StandaloneGatehouseFixture gatehouse) : NuxeoPythonClientDirectoryContract<StandaloneGatehouseFixture>(gatehouse), IClassFixture<StandaloneGatehouseFixture>;

public abstract class NuxeoPythonClientDirectoryContract<TFixture>(TFixture gatehouse)
    where TFixture : GatehouseFixture
{
    private const string FetchGroup = "fetch-group=memberUsers&fetch-group=memberGroups";

    private (string, string) Admin => NuxeoPythonClient.Basic(GatehouseFixture.AdminUser, gatehouse.AdminPassword);

    private static string NewName(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private static string NewPassword() => "Pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    private Task<RawHttp.Answer> SendAsync(string method, string path, string? body = null, (string, string)? authorization = null) =>
        RawHttp.SendAsync(gatehouse.Handler.Port, $"{method} /{path} HTTP/1.1", body, [.. NuxeoPythonClient.Headers, authorization ?? Admin]);

    private static JsonElement Json(RawHttp.Answer answer)
    {
        Assert.StartsWith("application/json", answer.Headers["Content-Type"], StringComparison.Ordinal);
        return JsonDocument.Parse(answer.Body).RootElement.Clone();
    }

    /// <summary><c>users.create(User(properties=...))</c>: the model's slots in order, no <c>id</c>.</summary>
    private static string CreateUserBody(string name, string password) =>
        $$$"""{"entity-type": "user", "extendedGroups": [], "isAdministrator": false, "isAnonymous": false, "properties": {"firstName": "Georges", "lastName": "Abitbol", "password": "{{{password}}}", "username": "{{{name}}}", "email": "{{{Uri.EscapeDataString(name)}}}@example.com", "company": "Pom Pom Gali resort"}}""";

    /// <summary>What <c>User.save()</c> sends: the model's slots as they were parsed from the server, plus any change to its properties.</summary>
    private static string SaveUserBody(JsonElement user, Action<Dictionary<string, object?>> change)
    {
        var properties = JsonSerializer.Deserialize<Dictionary<string, object?>>(user.GetProperty("properties").GetRawText())!;
        change(properties);
        var model = new Dictionary<string, object?>
        {
            ["entity-type"] = "user",
            ["extendedGroups"] = user.GetProperty("extendedGroups"),
            ["id"] = user.GetProperty("id").GetString(),
            ["isAdministrator"] = user.GetProperty("isAdministrator").GetBoolean(),
            ["isAnonymous"] = user.GetProperty("isAnonymous").GetBoolean(),
            ["properties"] = properties,
        };
        return JsonSerializer.Serialize(model);
    }

    private async Task<JsonElement> CreateUserAsync(string name, string password)
    {
        var created = await SendAsync("POST", "api/v1/user", CreateUserBody(name, password));
        Assert.Equal(201, created.Status);
        return Json(created);
    }

    [Fact]
    public async Task Users_create_answers_what_the_client_reads_and_never_a_password()
    {
        var name = NewName("georges");
        var password = NewPassword();

        var created = await SendAsync("POST", "api/v1/user", CreateUserBody(name, password));

        Assert.Equal(201, created.Status);
        Assert.DoesNotContain("password", created.Body, StringComparison.OrdinalIgnoreCase);
        var user = Json(created);
        Assert.Equal("user", user.GetProperty("entity-type").GetString());
        Assert.Equal(name, user.GetProperty("id").GetString());
        var properties = user.GetProperty("properties");
        Assert.Equal(name, properties.GetProperty("username").GetString());
        Assert.Equal("Georges", properties.GetProperty("firstName").GetString());
        Assert.Equal("Abitbol", properties.GetProperty("lastName").GetString());
        Assert.Equal($"{Uri.EscapeDataString(name)}@example.com", properties.GetProperty("email").GetString());
        Assert.Equal("Pom Pom Gali resort", properties.GetProperty("company").GetString());
        Assert.Equal(JsonValueKind.Array, user.GetProperty("extendedGroups").ValueKind);
        Assert.False(user.GetProperty("isAdministrator").GetBoolean());
    }

    [Fact]
    public async Task Users_get_and_exists()
    {
        var name = NewName("Getter");
        await CreateUserAsync(name, NewPassword());

        var got = await SendAsync("GET", "api/v1/user/" + name.ToLowerInvariant());
        var missing = await SendAsync("GET", "api/v1/user/" + NewName("nobody"));

        Assert.Equal(200, got.Status);
        Assert.Equal(name, Json(got).GetProperty("id").GetString());
        Assert.Equal(404, missing.Status);
        var error = Json(missing);
        Assert.Equal("exception", error.GetProperty("entity-type").GetString());
        Assert.Equal(404, error.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_name_with_a_space_and_accents_is_reached_percent_encoded()
    {
        var name = NewName("Zoé Dupont-");

        await CreateUserAsync(name, NewPassword());
        var got = await SendAsync("GET", "api/v1/user/" + Uri.EscapeDataString(name));

        Assert.Equal(200, got.Status);
        Assert.Equal(name, Json(got).GetProperty("id").GetString());
    }

    [Fact]
    public async Task User_save_without_a_password_keeps_it_and_change_password_replaces_it()
    {
        var name = NewName("saver");
        var password = NewPassword();
        var user = await CreateUserAsync(name, password);

        var saved = await SendAsync("PUT", "api/v1/user/" + name, SaveUserBody(user, properties => properties["lastName"] = "Saved"));
        var stillOld = await SendAsync("GET", "site/api/v1/me", authorization: NuxeoPythonClient.Basic(name, password));
        var changedPassword = NewPassword();
        var changed = await SendAsync("PUT", "api/v1/user/" + name, SaveUserBody(Json(saved), properties => properties["password"] = changedPassword));
        var withOld = await SendAsync("GET", "site/api/v1/me", authorization: NuxeoPythonClient.Basic(name, password));
        var withNew = await SendAsync("GET", "site/api/v1/me", authorization: NuxeoPythonClient.Basic(name, changedPassword));

        Assert.Equal(200, saved.Status);
        Assert.Equal("Saved", Json(saved).GetProperty("properties").GetProperty("lastName").GetString());
        Assert.Equal(200, stillOld.Status);
        Assert.Equal(200, changed.Status);
        Assert.Equal(401, withOld.Status);
        Assert.Equal(200, withNew.Status);
    }

    [Fact]
    public async Task A_user_saving_their_own_profile_as_read_is_accepted()
    {
        var name = NewName("selfsaver");
        var password = NewPassword();
        await CreateUserAsync(name, password);
        var self = NuxeoPythonClient.Basic(name, password);
        var mine = Json(await SendAsync("GET", "api/v1/user/" + name, authorization: self));

        var saved = await SendAsync("PUT", "api/v1/user/" + name, SaveUserBody(mine, properties => properties["company"] = "Mine"), self);

        Assert.Equal(200, saved.Status);
        Assert.Equal("Mine", Json(saved).GetProperty("properties").GetProperty("company").GetString());
    }

    [Fact]
    public async Task Current_user_of_the_administrator_lists_administrators_and_is_administrator()
    {
        var me = await SendAsync("GET", "site/api/v1/me");
        var probe = await SendAsync("GET", "api/v1/me");

        Assert.Equal(200, me.Status);
        var user = Json(me);
        Assert.Equal(GatehouseFixture.AdminUser, user.GetProperty("id").GetString());
        Assert.True(user.GetProperty("isAdministrator").GetBoolean());
        Assert.Contains("administrators", user.GetProperty("extendedGroups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(200, probe.Status);
    }

    [Fact]
    public async Task Groups_create_get_save_and_delete_as_the_client_does()
    {
        var member = NewName("member");
        await CreateUserAsync(member, NewPassword());
        var sub = NewName("sub");
        Assert.Equal(201, (await SendAsync("POST", "api/v1/group?" + FetchGroup, $$$"""{"entity-type": "group", "grouplabel": "Sub", "groupname": "{{{sub}}}", "memberGroups": [], "memberUsers": []}""")).Status);
        var name = NewName("Group");

        var created = await SendAsync("POST", "api/v1/group?" + FetchGroup, $$$"""{"entity-type": "group", "grouplabel": "Group Test", "groupname": "{{{name}}}", "memberGroups": ["{{{sub}}}"], "memberUsers": ["{{{member}}}"]}""");
        var got = await SendAsync("GET", $"api/v1/group/{name}?{FetchGroup}");
        var saved = await SendAsync("PUT", "api/v1/group/" + name, $$$"""{"entity-type": "group", "grouplabel": "Group Modified", "groupname": "{{{name}}}", "memberGroups": ["{{{sub}}}"], "memberUsers": ["{{{member}}}"]}""");
        var reloaded = await SendAsync("GET", $"api/v1/group/{name}?{FetchGroup}");
        var deleted = await SendAsync("DELETE", "api/v1/group/" + name);
        var gone = await SendAsync("GET", $"api/v1/group/{name}?{FetchGroup}");

        Assert.Equal(201, created.Status);
        foreach (var answer in new[] { created, got })
        {
            var group = Json(answer);
            Assert.Equal(name, group.GetProperty("groupname").GetString());
            Assert.Equal("Group Test", group.GetProperty("grouplabel").GetString());
            Assert.Equal([member], group.GetProperty("memberUsers").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal([sub], group.GetProperty("memberGroups").EnumerateArray().Select(e => e.GetString()));
        }

        Assert.Equal(200, saved.Status);
        Assert.Equal("group", Json(saved).GetProperty("entity-type").GetString());
        var after = Json(reloaded);
        Assert.Equal("Group Modified", after.GetProperty("grouplabel").GetString());
        Assert.Equal([member], after.GetProperty("memberUsers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task Users_delete_answers_204_and_the_user_no_longer_exists_or_signs_in()
    {
        var name = NewName("gone");
        var password = NewPassword();
        await CreateUserAsync(name, password);

        var deleted = await SendAsync("DELETE", "api/v1/user/" + name);
        var exists = await SendAsync("GET", "api/v1/user/" + name);
        var signIn = await SendAsync("GET", "site/api/v1/me", authorization: NuxeoPythonClient.Basic(name, password));

        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, exists.Status);
        Assert.Equal(401, signIn.Status);
    }

    [Fact]
    public async Task A_refusal_reaches_the_client_as_nuxeos_exception_with_its_status()
    {
        var name = NewName("dup");
        await CreateUserAsync(name, NewPassword());

        var conflict = await SendAsync("POST", "api/v1/user", CreateUserBody(name, NewPassword()));
        var weak = await SendAsync("POST", "api/v1/user", CreateUserBody(NewName("weak"), "Test"));

        Assert.Equal(409, conflict.Status);
        Assert.Equal(409, Json(conflict).GetProperty("status").GetInt32());
        Assert.Equal(400, weak.Status);
        Assert.Contains("MinLength", Json(weak).GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
