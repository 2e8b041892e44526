using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Users;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Users;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class BootstrapAdministratorTests(AzuriteFixture azurite)
{
    private const string StrongPassword = "a-long-and-unusual-passphrase";

    [Fact]
    public async Task The_administrator_is_created_in_the_administrators_group()
    {
        var context = new StorageTestContext(azurite);
        var bootstrap = Create(context, new BootstrapOptions { UserName = "admin", Password = StrongPassword, Email = "admin@example.com" });

        Assert.True(await bootstrap.EnsureAsync());

        var admin = (await context.Users.VerifyPasswordAsync("admin@example.com", StrongPassword)).User;
        Assert.NotNull(admin);
        Assert.Equal(["administrators"], admin.Groups);
        Assert.True(admin.Enabled);
    }

    [Fact]
    public async Task The_administrators_group_name_is_configurable()
    {
        var context = new StorageTestContext(azurite);
        var bootstrap = Create(context, new BootstrapOptions { UserName = "admin", Password = StrongPassword }, administratorsGroup: "gatehouse-admins");

        await bootstrap.EnsureAsync();

        Assert.Equal(["gatehouse-admins"], (await context.Users.GetAsync("admin"))!.Groups);
    }

    [Fact]
    public async Task Running_again_changes_nothing_and_never_resets_the_password()
    {
        var context = new StorageTestContext(azurite);
        Assert.True(await Create(context, new BootstrapOptions { UserName = "admin", Password = StrongPassword }).EnsureAsync());
        await context.Users.SetPasswordAsync("admin", "changed-by-the-admin");

        Assert.False(await Create(context, new BootstrapOptions { UserName = "admin", Password = StrongPassword }).EnsureAsync());

        Assert.NotNull((await context.Users.VerifyPasswordAsync("admin", "changed-by-the-admin")).User);
    }

    [Fact]
    public async Task Instances_starting_together_create_one_administrator()
    {
        var context = new StorageTestContext(azurite);
        var options = new BootstrapOptions { UserName = "admin", Password = StrongPassword, Email = "admin@example.com" };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Create(context, options).EnsureAsync())));

        Assert.Single(results, created => created);
        Assert.NotNull((await context.Users.VerifyPasswordAsync("admin@example.com", StrongPassword)).User);
    }

    [Fact]
    public async Task Nothing_is_created_without_a_configured_user_name()
    {
        var context = new StorageTestContext(azurite);

        Assert.False(await Create(context, new BootstrapOptions { Password = StrongPassword }).EnsureAsync());

        Assert.Empty(await context.ReadAllAsync(Gatehouse.Storage.TableNames.Users));
    }

    [Theory]
    [InlineData("Administrator")]
    [InlineData("short")]
    [InlineData("administrator")]
    [InlineData("Password1234")]
    [InlineData("my-admin-password")] // holds the user name
    [InlineData("aaaaaaaaaaaaaaaa")]
    public async Task A_weak_password_is_refused_outside_Development(string password)
    {
        var context = new StorageTestContext(azurite);
        var options = new BootstrapOptions { UserName = "admin", Password = password };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Create(context, options, Environments.Production).EnsureAsync());

        Assert.Contains("Gatehouse:Bootstrap:Password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        Assert.Null(await context.Users.GetAsync("admin"));
        Assert.False(new BootstrapOptionsValidator(new Environment(Environments.Production)).Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task A_weak_password_is_accepted_in_Development()
    {
        var context = new StorageTestContext(azurite);
        var options = new BootstrapOptions { UserName = "Administrator", Password = "Administrator" };

        Assert.True(await Create(context, options, Environments.Development).EnsureAsync());

        Assert.NotNull((await context.Users.VerifyPasswordAsync("administrator", "Administrator")).User);
        Assert.True(new BootstrapOptionsValidator(new Environment(Environments.Development)).Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task An_empty_password_is_refused_even_in_Development(string? password)
    {
        var context = new StorageTestContext(azurite);
        var options = new BootstrapOptions { UserName = "admin", Password = password };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Create(context, options, Environments.Development).EnsureAsync());

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
        Assert.False(new BootstrapOptionsValidator(new Environment(Environments.Development)).Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task An_e_mail_taken_by_another_user_is_reported_clearly()
    {
        var context = new StorageTestContext(azurite);
        await context.Users.CreateAsync(new NewUser("someone", "pw", "admin@example.com"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Create(context, new BootstrapOptions { UserName = "admin", Password = StrongPassword, Email = "admin@example.com" }).EnsureAsync());

        Assert.Contains("Email", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_never_appears_in_logs()
    {
        var context = new StorageTestContext(azurite);
        var logger = new CapturingLogger<BootstrapAdministrator>();
        var bootstrap = Create(context, new BootstrapOptions { UserName = "admin", Password = "Weak-but-Development" }, Environments.Development, logger: logger);

        await bootstrap.EnsureAsync();
        await bootstrap.EnsureAsync();

        Assert.NotEmpty(logger.Lines);
        Assert.All(logger.Lines, line => Assert.DoesNotContain("Weak-but-Development", line, StringComparison.Ordinal));
        Assert.Contains(logger.Lines, line => line.Contains("admin", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task Locally_an_existing_administrator_gets_a_warning_that_the_configured_password_was_not_applied(string environment, bool warned)
    {
        var context = new StorageTestContext(azurite);
        Assert.True(await Create(context, new BootstrapOptions { UserName = "admin", Password = StrongPassword }, environment).EnsureAsync());
        var logger = new CapturingLogger<BootstrapAdministrator>();

        Assert.False(await Create(context, new BootstrapOptions { UserName = "admin", Password = StrongPassword + "-changed" }, environment, logger: logger).EnsureAsync());

        Assert.Equal(warned, logger.Lines.Any(line => line.Contains("was not applied", StringComparison.Ordinal) && line.Contains(".gatehouse/azurite", StringComparison.Ordinal)));
    }

    private static BootstrapAdministrator Create(
        StorageTestContext context,
        BootstrapOptions options,
        string environment = "Production",
        string administratorsGroup = "administrators",
        CapturingLogger<BootstrapAdministrator>? logger = null) =>
        new(
            context.Users,
            context.Groups,
            Options.Create(options),
            Options.Create(new UserDirectoryOptions { AdministratorsGroup = administratorsGroup }),
            new Environment(environment),
            logger ?? new CapturingLogger<BootstrapAdministrator>());

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Gatehouse.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
