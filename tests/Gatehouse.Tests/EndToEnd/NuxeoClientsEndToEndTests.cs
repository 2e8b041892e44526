using System.Text;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// The handshake exactly as nuxeo-python-client and Nuxeo Drive send it (issue #10, item 9; NUXEO-FACTS §2–3):
/// <c>Accept: application/json, */*</c> and a <c>Content-Type</c> on a bodiless GET. They store the body as
/// the token, so it must be the bare token as text, whatever <c>Accept</c> says.
/// </summary>
public sealed class NuxeoClientsEndToEndTests(GatehouseFixture gatehouse) : NuxeoClientsContract<GatehouseFixture>(gatehouse), IClassFixture<GatehouseFixture>;

/// <summary>The same clients against standalone Gatehouse.</summary>
public sealed class StandaloneNuxeoClientsEndToEndTests(StandaloneGatehouseFixture gatehouse) : NuxeoClientsContract<StandaloneGatehouseFixture>(gatehouse), IClassFixture<StandaloneGatehouseFixture>;

public abstract class NuxeoClientsContract<TFixture>(TFixture gatehouse)
    where TFixture : GatehouseFixture
{
    private static readonly (string, string)[] PythonClientHeaders = NuxeoPythonClient.Headers;

    private string Basic => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{GatehouseFixture.AdminUser}:{gatehouse.AdminPassword}"));

    private static string NewDevice() => Guid.NewGuid().ToString();

    [Fact]
    public async Task Python_clients_request_auth_token_gets_the_bare_token_as_text()
    {
        var device = NewDevice();
        var answer = await RawHttp.SendAsync(
            gatehouse.Handler.Port,
            $"GET /authentication/token?deviceId={device}&applicationName=Python%20client&permission=ReadWrite&revoke=false HTTP/1.1",
            [.. PythonClientHeaders, ("Authorization", Basic)]);

        Assert.Equal(201, answer.Status);
        Assert.StartsWith("text/plain", answer.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Matches("^gth_[A-Za-z0-9_-]{49}$", answer.Body);
    }

    [Fact]
    public async Task Nuxeo_drive_binds_then_unbinds_with_its_own_token()
    {
        var device = NewDevice();
        (string, string)[] drive =
        [
            .. PythonClientHeaders.Where(h => h.Item1 != "X-Application-Name" && h.Item1 != "User-Agent"),
            ("User-Agent", "Nuxeo Drive/5.5.1 (Linux)"),
            ("X-Application-Name", "Nuxeo Drive"),
            ("X-User-Id", GatehouseFixture.AdminUser),
            ("X-Device-Id", device),
            ("Cache-Control", "no-cache"),
        ];
        var handshake = $"/authentication/token?applicationName=Nuxeo%20Drive&deviceId={device}&permission=ReadWrite&deviceDescription=Linux%20x86_64";

        var bound = await RawHttp.SendAsync(gatehouse.Handler.Port, $"GET {handshake} HTTP/1.1", [.. drive, ("Authorization", Basic)]);
        Assert.Equal(201, bound.Status);
        var token = bound.Body;
        Assert.StartsWith("gth_", token, StringComparison.Ordinal);

        var again = await RawHttp.SendAsync(gatehouse.Handler.Port, $"GET {handshake} HTTP/1.1", [.. drive, ("X-Authentication-Token", token)]);
        Assert.Equal(201, again.Status);
        Assert.Equal(token, again.Body);

        var unbound = await RawHttp.SendAsync(gatehouse.Handler.Port, $"GET {handshake}&revoke=true HTTP/1.1", [.. drive, ("X-Authentication-Token", token)]);
        Assert.Equal(202, unbound.Status);

        var after = await RawHttp.SendAsync(gatehouse.Handler.Port, $"GET {handshake} HTTP/1.1", [.. drive, ("X-Authentication-Token", token)]);
        Assert.Equal(401, after.Status);
    }

    [Fact]
    public async Task A_cli_sends_its_token_as_a_bearer_authorization()
    {
        var token = (await RawHttp.SendAsync(
            gatehouse.Handler.Port,
            $"GET /authentication/token?deviceId={NewDevice()}&applicationName=cli&permission=rw HTTP/1.1",
            [.. PythonClientHeaders, ("Authorization", Basic)])).Body;

        var list = await RawHttp.SendAsync(gatehouse.Handler.Port, "GET /api/v1/token HTTP/1.1", ("Accept", "application/json"), ("Authorization", "Bearer " + token));
        var unknown = await RawHttp.SendAsync(gatehouse.Handler.Port, "GET /api/v1/token HTTP/1.1", ("Authorization", "Bearer " + token[..^2] + "xx"));

        Assert.Equal(200, list.Status);
        Assert.Contains("\"entity-type\":\"tokens\"", list.Body, StringComparison.Ordinal);
        Assert.Equal(401, unknown.Status);
    }
}
