using System.Net;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.DirectoryApi;

/// <summary><c>/api/v1/me</c> and changing one's own password (issue #13, items 1–3) in process, over Azurite.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class MeApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private DirectoryHandler _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await DirectoryHandler.StartAsync(azurite, "Gatehouse:Users:AnonymousUser=Guest");

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private static string Change(string old, string @new) => $$$"""{"oldPassword":"{{{old}}}","newPassword":"{{{@new}}}"}""";

    [Theory]
    [InlineData("/api/v1/me")]
    [InlineData("/site/api/v1/me")]
    public async Task Me_shows_the_administrator_with_administrators_in_extended_groups(string path)
    {
        using var response = await _gatehouse.SendAsync(HttpMethod.Get, path, _gatehouse.AdminBasic);

        var me = await DirectoryHandler.JsonAsync(response);
        Assert.Equal(DirectoryHandler.Admin, me.GetProperty("id").GetString());
        Assert.True(me.GetProperty("isAdministrator").GetBoolean());
        Assert.False(me.GetProperty("isAnonymous").GetBoolean());
        Assert.Contains("administrators", me.GetProperty("extendedGroups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(DirectoryHandler.AdminEmail, me.GetProperty("properties").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Me_of_the_anonymous_user_says_so()
    {
        using var response = await _gatehouse.SendAsync(HttpMethod.Get, "/api/v1/me", null);

        var me = await DirectoryHandler.JsonAsync(response);
        Assert.Equal("Guest", me.GetProperty("id").GetString());
        Assert.True(me.GetProperty("isAnonymous").GetBoolean());
        Assert.False(me.GetProperty("isAdministrator").GetBoolean());
    }

    [Fact]
    public async Task Changing_the_password_refuses_the_old_one_at_once_and_accepts_the_new_one()
    {
        var name = DirectoryHandler.NewName("changer");
        var old = DirectoryHandler.NewPassword();
        var @new = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, old);
        using var cached = await _gatehouse.SendAsync(HttpMethod.Get, "/api/v1/me", DirectoryHandler.Basic(name, old));
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);

        using var change = await _gatehouse.SendAsync(HttpMethod.Put, "/api/v1/me/changepassword", DirectoryHandler.Basic(name, old), Change(old, @new));
        using var withOld = await _gatehouse.SendAsync(HttpMethod.Get, "/api/v1/me", DirectoryHandler.Basic(name, old));
        using var withNew = await _gatehouse.SendAsync(HttpMethod.Get, "/api/v1/me", DirectoryHandler.Basic(name, @new));

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal(name, (await DirectoryHandler.JsonAsync(change)).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_with_a_wrong_current_one_is_401_and_changes_nothing()
    {
        var name = DirectoryHandler.NewName("guesser");
        var password = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, password);

        using var change = await _gatehouse.SendAsync(HttpMethod.Put, "/api/v1/me/changepassword", DirectoryHandler.Basic(name, password), Change("not-the-password", DirectoryHandler.NewPassword()));
        using var still = await _gatehouse.SendAsync(HttpMethod.Get, "/api/v1/me", DirectoryHandler.Basic(name, password));

        Assert.Contains("current password", await DirectoryHandler.ExceptionAsync(change, 401), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Theory]
    [InlineData("short", "newPassword must be at least 12")]
    [InlineData("", "both required")]
    public async Task Changing_to_a_password_the_policy_refuses_is_400_naming_the_rule(string @new, string expected)
    {
        var name = DirectoryHandler.NewName("picky");
        var password = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, password);

        using var change = await _gatehouse.SendAsync(HttpMethod.Put, "/api/v1/me/changepassword", DirectoryHandler.Basic(name, password), Change(password, @new));

        Assert.Contains(expected, await DirectoryHandler.ExceptionAsync(change, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_to_ones_own_user_name_is_400()
    {
        var name = DirectoryHandler.NewName("narcissus-long");
        var password = DirectoryHandler.NewPassword();
        await _gatehouse.CreateUserAsync(name, password);

        using var change = await _gatehouse.SendAsync(HttpMethod.Put, "/api/v1/me/changepassword", DirectoryHandler.Basic(name, password), Change(password, name.ToUpperInvariant()));

        Assert.Contains("not the user's name", await DirectoryHandler.ExceptionAsync(change, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_anonymous_user_cannot_change_a_password()
    {
        using var change = await _gatehouse.SendAsync(HttpMethod.Put, "/api/v1/me/changepassword", null, Change("a", "b"));

        await DirectoryHandler.ExceptionAsync(change, 401);
    }
}
