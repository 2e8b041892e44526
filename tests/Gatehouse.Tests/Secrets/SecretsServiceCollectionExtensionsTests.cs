using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Gatehouse.Secrets;
using Gatehouse.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Tests.Secrets;

public sealed class SecretsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Without_a_vault_uri_secrets_come_from_configuration()
    {
        using var host = SecretsHost.Build(new Dictionary<string, string?> { ["Gatehouse:Secrets:portal-sso-secret"] = "portal-secret-one" });
        await host.StartAsync();

        var store = host.Services.GetRequiredService<ISecretStore>();

        Assert.IsType<ConfigurationSecretStore>(store);
        Assert.Null(host.Services.GetService<SecretClient>());
        await host.StopAsync();
    }

    [Fact]
    public async Task With_a_vault_uri_secrets_come_from_key_vault_through_the_registered_credential()
    {
        await using var vault = await KeyVaultDouble.StartAsync();
        var version = vault.SetSecret(SecretNames.PortalSsoSecret, "portal-secret-one");
        var credential = vault.CreateCredential();
        using var host = SecretsHost.Build(
            new Dictionary<string, string?>
            {
                ["Gatehouse:KeyVault:Uri"] = vault.VaultUri.ToString(),
                ["Gatehouse:Secrets:portal-sso-secret"] = "not-this-one",
            },
            services: services => services
                .AddSingleton<TokenCredential>(credential)
                .AddSingleton(vault.CreateClientOptions()));
        await host.StartAsync();

        var store = host.Services.GetRequiredService<ISecretStore>();
        var set = await store.GetAsync(SecretNames.PortalSsoSecret);

        Assert.IsType<KeyVaultSecretStore>(store);
        Assert.Equal(new SecretVersion(version, "portal-secret-one"), set.Current);
        Assert.NotEmpty(credential.Requests);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Uri", "http://vault.example/", "Gatehouse:KeyVault:Uri must be an https URI")]
    [InlineData("Uri", "vault", "Gatehouse:KeyVault:Uri must be an https URI")]
    [InlineData("RefreshInterval", "00:00:00", "Gatehouse:KeyVault:RefreshInterval must be positive")]
    [InlineData("RefreshInterval", "soon", "'soon' at 'Gatehouse:KeyVault:RefreshInterval'")]
    [InlineData("RotationOverlap", "-01:00:00", "Gatehouse:KeyVault:RotationOverlap must not be negative")]
    public async Task Invalid_key_vault_settings_stop_start_up_naming_the_key(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Gatehouse:KeyVault:Uri"] = "https://gatehouse.vault.azure.net/" };
        settings[$"Gatehouse:KeyVault:{key}"] = value;

        var failure = await SecretsHost.StartupFailureAsync(settings);

        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_vault_settings_default_to_a_five_minute_refresh_and_a_one_day_overlap()
    {
        using var host = SecretsHost.Build(new Dictionary<string, string?> { ["Gatehouse:KeyVault:Uri"] = "https://gatehouse.vault.azure.net/" });

        await host.StartAsync();
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KeyVaultSecretStoreOptions>>().Value;
        await host.StopAsync();

        Assert.Equal(TimeSpan.FromMinutes(5), options.RefreshInterval);
        Assert.Equal(TimeSpan.FromDays(1), options.RotationOverlap);
    }
}
