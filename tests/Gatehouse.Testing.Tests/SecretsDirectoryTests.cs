using System.Net;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary>Keys read from the host's file-system secrets layout, and the levels each kind grants.</summary>
public sealed class SecretsDirectoryTests : IDisposable
{
    private const string HostSecrets = """
        {
          "masterKey": { "name": "master", "value": "the-master-key", "encrypted": false },
          "functionKeys": [ { "name": "default", "value": "a-host-function-key", "encrypted": false } ],
          "systemKeys": [ { "name": "durabletask_extension", "value": "a-system-key", "encrypted": false } ],
          "hostName": "localhost", "instanceId": "0000", "source": "runtime", "decryptionKeyId": ""
        }
        """;

    private const string SecretFunctionSecrets = """
        { "keys": [ { "name": "gateway", "value": "the-gateway-key", "encrypted": false } ], "hostName": "localhost" }
        """;

    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("secrets-");

    public void Dispose() => _secrets.Delete(recursive: true);

    [Theory]
    [InlineData("the-master-key", AuthorizationLevel.Admin)]
    [InlineData("a-system-key", AuthorizationLevel.System)]
    [InlineData("a-host-function-key", AuthorizationLevel.Function)]
    [InlineData("the-gateway-key", AuthorizationLevel.Function)]
    [InlineData("the-gateway-keyX", AuthorizationLevel.Anonymous)]
    [InlineData("", AuthorizationLevel.Anonymous)]
    public void A_key_grants_the_level_of_the_first_kind_it_matches(string key, AuthorizationLevel expected)
    {
        var keys = Read();

        Assert.Equal(expected, keys.LevelOf(key, "Secret"));
    }

    [Fact]
    public void A_function_key_belongs_to_its_function_only()
    {
        var keys = Read();

        Assert.Equal(AuthorizationLevel.Anonymous, keys.LevelOf("the-gateway-key", "hello"));
        Assert.Equal("the-gateway-key", keys.KeysOf("secret")["gateway"]);
    }

    [Theory]
    [InlineData("host.json", "{ \"masterKey\": ", "not valid JSON (line 1")]
    [InlineData("host.json", "{ \"masterKey\": \"old-v0-format\", \"functionKey\": \"x\" }", "not in the host's secrets format")]
    [InlineData("host.json", "{ \"masterKey\": { \"name\": \"master\", \"value\": \"CfDJ8...\", \"encrypted\": true }, \"functionKeys\": [] }", "encrypted")]
    [InlineData("secret.json", "{ \"keys\": [ { \"value\": \"nameless\" } ] }", "has no \"name\"")]
    public void A_secrets_file_the_host_would_read_differently_stops_start_up_naming_it(string file, string content, string expected)
    {
        File.WriteAllText(Path.Combine(_secrets.FullName, "host.json"), HostSecrets);
        File.WriteAllText(Path.Combine(_secrets.FullName, file), content);

        var error = Assert.Throws<InvalidOperationException>(Read);

        Assert.Contains(Path.Combine(_secrets.FullName, file), error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secrets_directory_without_host_json_stops_start_up()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SecretsDirectory.Read(_secrets.FullName, ["secret"]));

        Assert.Contains("has no host.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_from_the_secrets_directory_are_the_ones_the_double_enforces()
    {
        WriteSecrets();
        var options = BareWorkerApp.Options(await BareWorkerApp.GetDirectoryAsync());
        await using var host = await FunctionsHostDouble.StartAsync(new FunctionsHostOptions { AppDirectory = options.AppDirectory, SecretsDirectory = _secrets.FullName });

        Assert.Equal("the-master-key", host.Keys.MasterKey);
        Assert.Equal(HttpStatusCode.OK, await StatusWithKey(host, "the-gateway-key"));
        Assert.Equal(HttpStatusCode.OK, await StatusWithKey(host, "a-host-function-key"));
        Assert.Equal(HttpStatusCode.OK, await StatusWithKey(host, "the-master-key"));
        // A system key grants System, which is not the Function level this function needs.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKey(host, "a-system-key"));
    }

    [Fact]
    public async Task Keys_are_not_checked_when_enforcement_is_off_as_with_Core_Tools()
    {
        var options = BareWorkerApp.Options(await BareWorkerApp.GetDirectoryAsync());
        await using var host = await FunctionsHostDouble.StartAsync(new FunctionsHostOptions { AppDirectory = options.AppDirectory, EnforceKeys = false });

        using var response = await host.Client.GetAsync("secret/no-key");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpStatusCode> StatusWithKey(FunctionsHostDouble host, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "secret/x");
        request.Headers.Add("x-functions-key", key);
        using var response = await host.Client.SendAsync(request);
        return response.StatusCode;
    }

    private void WriteSecrets()
    {
        File.WriteAllText(Path.Combine(_secrets.FullName, "host.json"), HostSecrets);
        File.WriteAllText(Path.Combine(_secrets.FullName, "secret.json"), SecretFunctionSecrets);
    }

    private FunctionKeys Read()
    {
        if (!File.Exists(Path.Combine(_secrets.FullName, "host.json")))
        {
            WriteSecrets();
        }

        return SecretsDirectory.Read(_secrets.FullName, ["hello", "Secret"]);
    }
}
