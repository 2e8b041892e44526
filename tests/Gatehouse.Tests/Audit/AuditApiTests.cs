using System.Text;
using System.Text.Json;
using Gatehouse.Audit;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Audit;

/// <summary>
/// <c>GET /api/v1/audit</c> in process, over the fakes: administrators see everyone or one user, others only
/// themselves (403 for anyone else), pages follow <c>next</c>, bad parameters are 400.
/// </summary>
public sealed class AuditApiTests : IAsyncLifetime
{
    private readonly TestServices _fakes = TestServices.Create();
    private InProcessHandler? _handler;

    public async Task InitializeAsync()
    {
        _fakes.Users.Add("admin", "admin-password", null, true, "administrators").Add("alice", "alice-password").Add("bob", "bob-password");
        var now = _fakes.Time.GetUtcNow();
        await _fakes.AuditStore.WriteAsync([
            new(AuditEventTypes.TokenIssued, "alice", "alice", AuditVia.TokenPage, now.AddMinutes(-3), "a1"),
            new(AuditEventTypes.SignInFailed, "bob", null, AuditVia.Handshake, now.AddMinutes(-2), "b1"),
            new(AuditEventTypes.GroupCreated, null, "admin", AuditVia.DirectoryApi, now.AddMinutes(-1), "g1"),
            new(AuditEventTypes.TokenRevoked, "alice", "admin", AuditVia.TokenApi, now, "a2")]);
        _handler = await InProcessHandler.StartAsync(_fakes, services => services.AddLogging(logging => logging.ClearProviders()));
    }

    public async Task DisposeAsync()
    {
        await _handler!.DisposeAsync();
        _fakes.Dispose();
    }

    [Fact]
    public async Task An_administrator_sees_everyone_newest_first_or_one_user()
    {
        Assert.Equal(["a2", "g1", "b1", "a1"], Details(await GetAsync("/api/v1/audit", "admin")));
        Assert.Equal(["b1"], Details(await GetAsync("/api/v1/audit?user=BOB", "admin")));
    }

    [Fact]
    public async Task A_user_sees_only_their_own_events_and_asking_for_someone_elses_is_403()
    {
        Assert.Equal(["a2", "a1"], Details(await GetAsync("/api/v1/audit", "alice")));
        Assert.Equal(["a2", "a1"], Details(await GetAsync("/api/v1/audit?user=Alice", "alice")));

        var other = await GetAsync("/api/v1/audit?user=bob", "alice");

        Assert.Equal(StatusCodes.Status403Forbidden, other.Status);
        Assert.DoesNotContain("b1", other.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_it_is_401()
    {
        Assert.Equal(StatusCodes.Status401Unauthorized, (await GetAsync("/api/v1/audit", null)).Status);
    }

    [Fact]
    public async Task Pages_follow_next_and_the_json_names_each_field()
    {
        var first = await GetAsync("/api/v1/audit?pageSize=3", "admin");
        using var json = JsonDocument.Parse(first.Body);
        var next = json.RootElement.GetProperty("next").GetString()!;
        var last = await GetAsync("/api/v1/audit?pageSize=3&after=" + Uri.EscapeDataString(next), "admin");

        Assert.Equal("auditEvents", json.RootElement.GetProperty("entity-type").GetString());
        var entry = json.RootElement.GetProperty("entries")[0];
        Assert.Equal(
            ["entity-type", "id", "type", "user", "actor", "via", "at", "detail"],
            entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("auditEvent", AuditEventTypes.TokenRevoked, "admin", AuditVia.TokenApi), (entry.GetProperty("entity-type").GetString(), entry.GetProperty("type").GetString(), entry.GetProperty("actor").GetString(), entry.GetProperty("via").GetString()));
        Assert.Equal(["a2", "g1", "b1"], Details(first));
        Assert.Equal(["a1"], Details(last));
        Assert.Contains("\"next\":null", last.Body, StringComparison.Ordinal);
        Assert.Equal("no-store", first.CacheControl);
    }

    [Fact]
    public async Task Since_and_type_narrow_the_events()
    {
        var since = Uri.EscapeDataString(_fakes.Time.GetUtcNow().AddMinutes(-2).ToString("O"));

        Assert.Equal(["a2", "g1", "b1"], Details(await GetAsync("/api/v1/audit?since=" + since, "admin")));
        Assert.Equal(["a1"], Details(await GetAsync("/api/v1/audit?type=token.issued", "admin")));
    }

    [Theory]
    [InlineData("since=yesterday", "since")]
    [InlineData("type=token.stolen", "type")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    public async Task Bad_parameters_are_400_naming_them(string query, string parameter)
    {
        var answer = await GetAsync("/api/v1/audit?" + query, "admin");

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains(parameter, answer.Body, StringComparison.Ordinal);
    }

    private async Task<(int Status, string Body, string? CacheControl)> GetAsync(string path, string? user)
    {
        var headers = user is null ? [] : new[] { ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{user}-password"))) };
        var context = await _handler!.GetAsync(path, headers);
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync(), context.Response.Headers.CacheControl.ToString());
    }

    private static List<string?> Details((int Status, string Body, string? CacheControl) answer)
    {
        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        using var json = JsonDocument.Parse(answer.Body);
        return json.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("detail").GetString()).ToList();
    }
}
