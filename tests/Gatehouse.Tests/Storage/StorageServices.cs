using Gatehouse.Regulation;
using Gatehouse.Secrets;
using Gatehouse.Storage;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Tests.Storage;

/// <summary>The storage services as <see cref="StorageServiceCollectionExtensions.AddGatehouseStorage"/> registers them, over a fake token key.</summary>
internal static class StorageServices
{
    public const string AdminPassword = "a-long-and-unusual-passphrase";

    /// <summary>Settings for one test's tables on <paramref name="connectionString"/>, with cheap hashing and a bootstrap administrator.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string prefix) => new()
    {
        ["Gatehouse:Storage:ConnectionString"] = connectionString,
        ["Gatehouse:Storage:TablePrefix"] = prefix,
        ["Gatehouse:Users:PasswordIterations"] = "1000",
        ["Gatehouse:Users:AllowWeakPasswordHashing"] = "true",
        ["Gatehouse:Users:AdministratorsGroup"] = "gatehouse-admins",
        ["Gatehouse:Bootstrap:UserName"] = "admin",
        ["Gatehouse:Bootstrap:Password"] = AdminPassword,
        ["Gatehouse:Bootstrap:Email"] = "admin@example.com",
    };

    public static ServiceProvider Build(Dictionary<string, string?> settings, string environment = "Production", Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<ISecretStore>(new FakeSecretStore())
            .AddSingleton<IHostEnvironment>(new TestEnvironment(environment));
        services.AddSingleton<IConfiguration>(configuration).AddGatehouseStorage().AddGatehouseAboveStorage(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Gatehouse.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
