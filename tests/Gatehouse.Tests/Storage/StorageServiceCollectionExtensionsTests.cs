using Azure.Data.Tables;
using Gatehouse.Plugins;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StorageServiceCollectionExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Registered_stores_work_and_create_their_tables_only_on_first_use()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        using var services = Build(Settings(prefix));
        services.GetRequiredService<IStartupValidator>().Validate();

        var users = services.GetRequiredService<IUserDirectory>();
        var tokens = services.GetRequiredService<ITokenService>();
        var nonces = services.GetRequiredService<INonceStore>();
        var bootstrap = services.GetRequiredService<BootstrapAdministrator>();
        Assert.Empty(await Tables(prefix));

        Assert.True(await bootstrap.EnsureAsync());
        var admin = (await users.VerifyPasswordAsync("admin", StorageServices.AdminPassword)).User;
        var issued = await tokens.AcquireAsync(new TokenRequest(admin!.UserName, "app", "device", null, "ReadWrite"));
        Assert.Equal(TokenStatus.Valid, (await tokens.ValidateAsync(issued.Token)).Status);
        Assert.True(await nonces.TryClaimAsync("n", DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(["gatehouse-admins"], admin.Groups);
        Assert.Equal(8, (await Tables(prefix)).Count); // users, e-mail index, groups, bindings, token hashes, nonces, bans (the password check is regulated) and the revocation feed
    }

    [Fact]
    public void Defaults_are_documented_values()
    {
        using var services = Build(new Dictionary<string, string?> { ["Gatehouse:Storage:ConnectionString"] = azurite.ConnectionString });

        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var users = services.GetRequiredService<IOptions<UserDirectoryOptions>>().Value;
        var tokens = services.GetRequiredService<IOptions<TokenOptions>>().Value;
        Assert.Equal(string.Empty, storage.TablePrefix);
        Assert.Equal(2, storage.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(5), storage.NetworkTimeout);
        Assert.Equal(600_000, users.PasswordIterations);
        Assert.Equal("administrators", users.AdministratorsGroup);
        Assert.Equal(TimeSpan.FromDays(365), tokens.DefaultLifetime);
        Assert.Equal(TimeSpan.Zero, tokens.MaxLifetime);
        Assert.Equal(TimeSpan.FromMinutes(5), tokens.LastUsedInterval);
        Assert.Equal(TokenShape.Prefixed, tokens.Format);
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("00:00:00", 0)]
    [InlineData("30", 30)]
    [InlineData("365.00:00:00", 365)]
    public void Lifetimes_bind_from_TimeSpan_text_and_zero_means_never(string text, int days)
    {
        var settings = Settings(AzuriteFixture.NewTablePrefix());
        settings["Gatehouse:Tokens:DefaultLifetime"] = text;
        using var services = Build(settings);

        Assert.Equal(TimeSpan.FromDays(days), services.GetRequiredService<IOptions<TokenOptions>>().Value.DefaultLifetime);
    }

    public static TheoryData<string, string?, string> InvalidSettings() => new()
    {
        { "Gatehouse:Storage:ConnectionString", null, "ConnectionString" },
        { "Gatehouse:Storage:TablePrefix", "bad-prefix", "TablePrefix" },
        { "Gatehouse:Storage:TablePrefix", "1starts", "TablePrefix" },
        { "Gatehouse:Storage:MaxRetries", "many", "MaxRetries" },
        { "Gatehouse:Storage:NetworkTimeout", "0", "NetworkTimeout" },
        { "Gatehouse:Storage:TableEndpoint", "not a uri", "TableEndpoint" },
        { "Gatehouse:Users:AllowWeakPasswordHashing", "false", "PasswordIterations" },
        { "Gatehouse:Users:PasswordIterations", "0", "PasswordIterations" },
        { "Gatehouse:Users:AdministratorsGroup", "", "AdministratorsGroup" },
        { "Gatehouse:Tokens:DefaultLifetime", "soon", "DefaultLifetime" },
        { "Gatehouse:Tokens:MaxLifetime", "10", "MaxLifetime" },
        { "Gatehouse:Tokens:LastUsedInterval", "-00:01:00", "LastUsedInterval" },
        { "Gatehouse:Tokens:Format", "Guid", "Gatehouse:Tokens:Format" },
        { "Gatehouse:Tokens:Format", "7", "Gatehouse:Tokens:Format" },
        { "Gatehouse:Bootstrap:Password", "Administrator", "Gatehouse:Bootstrap:Password" },
        { "Gatehouse:Bootstrap:Password", "", "Gatehouse:Bootstrap:Password" },
        { "Gatehouse:Bootstrap:Email", "nope", "Gatehouse:Bootstrap:Email" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_settings_stop_start_up_naming_the_key(string key, string? value, string named)
    {
        var settings = Settings(AzuriteFixture.NewTablePrefix());
        settings[key] = value;
        using var services = Build(settings);

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weak_bootstrap_password_is_accepted_in_Development()
    {
        var settings = Settings(AzuriteFixture.NewTablePrefix());
        settings["Gatehouse:Bootstrap:Password"] = "Administrator";
        using var services = Build(settings, Environments.Development);

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void A_table_endpoint_without_connection_string_uses_a_credential_client()
    {
        using var services = Build(new Dictionary<string, string?> { ["Gatehouse:Storage:TableEndpoint"] = "https://account.table.core.windows.net" });

        services.GetRequiredService<IStartupValidator>().Validate();
        var client = services.GetRequiredService<TableServiceClient>();

        Assert.Equal("account", client.AccountName);
    }

    private Dictionary<string, string?> Settings(string prefix) => StorageServices.Settings(azurite.ConnectionString, prefix);

    private static ServiceProvider Build(Dictionary<string, string?> settings, string environment = "Production") =>
        StorageServices.Build(settings, environment);

    private async Task<List<string>> Tables(string prefix) =>
        await azurite.CreateServiceClient()
            .QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}"))
            .Select(t => t.Name)
            .ToListAsync();
}
