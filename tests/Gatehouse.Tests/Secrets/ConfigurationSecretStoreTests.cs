using Gatehouse.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Secrets;

public sealed class ConfigurationSecretStoreTests
{
    private static readonly string TokenKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task Configured_secret_is_served_as_version_config()
    {
        var store = Store(new() { ["Gatehouse:Secrets:portal-sso-secret"] = "portal-secret-one" });

        var set = await store.GetAsync(SecretNames.PortalSsoSecret);

        Assert.Equal(new SecretVersion("config", "portal-secret-one"), set.Current);
        Assert.Empty(set.Previous);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Secret_not_configured_fails_only_that_secret(string? portalSecret)
    {
        var store = Store(new()
        {
            ["Gatehouse:Secrets:portal-sso-secret"] = portalSecret,
            ["Gatehouse:Secrets:token-key"] = TokenKey,
        });

        var failure = await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.GetAsync(SecretNames.PortalSsoSecret).AsTask());

        Assert.Equal("secrets", failure.Dependency);
        Assert.Contains("Gatehouse:Secrets:portal-sso-secret", failure.Message, StringComparison.Ordinal);
        Assert.Equal(TokenKey, (await store.GetAsync(SecretNames.TokenKey)).Current.Value);
    }

    [Fact]
    public async Task Previous_value_is_accepted_as_a_previous_version()
    {
        var store = Store(new()
        {
            ["Gatehouse:Secrets:portal-sso-secret"] = "portal-secret-two",
            ["Gatehouse:Secrets:portal-sso-secret-previous"] = "portal-secret-one",
        });

        var set = await store.GetAsync(SecretNames.PortalSsoSecret);

        Assert.Equal(new SecretVersion("config", "portal-secret-two"), set.Current);
        Assert.Equal(new SecretVersion("config-previous", "portal-secret-one"), Assert.Single(set.Previous));
        Assert.Equal("portal-secret-one", set.Find("config-previous")?.Value);
    }

    [Fact]
    public async Task Previous_value_without_a_current_one_is_not_served()
    {
        var store = Store(new() { ["Gatehouse:Secrets:portal-sso-secret-previous"] = "portal-secret-one" });

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.GetAsync(SecretNames.PortalSsoSecret).AsTask());
    }

    [Theory]
    [InlineData("token-key", "not base64 at all!")]
    [InlineData("token-key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 31 bytes
    [InlineData("token-key-previous", "c2hvcnQ=")]
    [InlineData("mfa-key", "not base64 at all!")]
    [InlineData("mfa-key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 31 bytes
    [InlineData("mfa-key-previous", "c2hvcnQ=")]
    public async Task Token_or_mfa_key_that_is_not_base64_of_32_bytes_stops_start_up_naming_the_key(string key, string value)
    {
        var failure = await SecretsHost.StartupFailureAsync(new Dictionary<string, string?>
        {
            ["Gatehouse:Secrets:token-key"] = key == "token-key" ? value : TokenKey,
            [$"Gatehouse:Secrets:{key}"] = value,
        });

        Assert.Contains($"Gatehouse:Secrets:{key} must be base64 of at least 32 bytes", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(value, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_warns_once_that_secrets_come_from_configuration_and_never_logs_them()
    {
        var logs = new CapturingLoggerProvider();
        using var host = SecretsHost.Build(
            new Dictionary<string, string?>
            {
                ["Gatehouse:Secrets:token-key"] = TokenKey,
                ["Gatehouse:Secrets:portal-sso-secret"] = "portal-secret-one",
            },
            logs);

        await host.StartAsync();
        var store = host.Services.GetRequiredService<ISecretStore>();
        await store.GetAsync(SecretNames.TokenKey);
        await store.GetAsync(SecretNames.PortalSsoSecret);
        await host.StopAsync();

        var warning = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogEvents.SecretsFromConfiguration, warning.EventId);
        Assert.Contains("configuration", warning.Message, StringComparison.Ordinal);
        logs.AssertNoneContain(TokenKey, "portal-secret-one");
    }

    [Fact]
    public async Task Valid_token_key_starts()
    {
        using var host = SecretsHost.Build(new Dictionary<string, string?> { ["Gatehouse:Secrets:token-key"] = TokenKey });

        await host.StartAsync();
        var set = await host.Services.GetRequiredService<ISecretStore>().GetAsync(SecretNames.TokenKey);
        await host.StopAsync();

        Assert.Equal(TokenKey, set.Current.Value);
    }

    private static ConfigurationSecretStore Store(Dictionary<string, string?> settings)
    {
        var options = new ConfigurationSecretStoreOptions();
        foreach (var (key, value) in settings)
        {
            if (value is not null)
            {
                options.Secrets[key["Gatehouse:Secrets:".Length..]] = value;
            }
        }

        return new ConfigurationSecretStore(Options.Create(options));
    }
}
