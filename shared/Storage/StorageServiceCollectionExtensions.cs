using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Gatehouse.Plugins;
using Gatehouse.Regulation;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers Table Storage and what lives in it: the user directory (hashing on the password hashing gate),
    /// the bootstrap administrator, the token service, the nonce store and the ban store, with their options bound
    /// from <paramref name="configuration"/> (<c>Gatehouse:Storage</c>, <c>Gatehouse:Users</c>, <c>Gatehouse:Bootstrap</c>,
    /// <c>Gatehouse:Tokens</c>, <c>Gatehouse:Regulation</c>) and validated at start. No table is touched here: tables are created on first use.
    /// Needs an <see cref="Secrets.ISecretStore"/> (token key) and an <c>IHostEnvironment</c> registered elsewhere.
    /// </summary>
    public static IServiceCollection AddGatehouseStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var storage = configuration.GetSection(StorageOptions.SectionName);
        services.AddOptions<StorageOptions>()
            .Configure(o =>
            {
                ConfigurationValues.Read(storage, nameof(o.ConnectionString), v => o.ConnectionString = v);
                ConfigurationValues.ReadUri(storage, nameof(o.TableEndpoint), v => o.TableEndpoint = v);
                ConfigurationValues.Read(storage, nameof(o.TablePrefix), v => o.TablePrefix = v);
                ConfigurationValues.ReadInt32(storage, nameof(o.MaxRetries), v => o.MaxRetries = v);
                ConfigurationValues.ReadTimeSpan(storage, nameof(o.RetryDelay), v => o.RetryDelay = v);
                ConfigurationValues.ReadTimeSpan(storage, nameof(o.MaxRetryDelay), v => o.MaxRetryDelay = v);
                ConfigurationValues.ReadTimeSpan(storage, nameof(o.NetworkTimeout), v => o.NetworkTimeout = v);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>>(new ProblemsValidator<StorageOptions>(o => o.Validate())));

        var users = configuration.GetSection(UserDirectoryOptions.SectionName);
        services.AddOptions<UserDirectoryOptions>()
            .Configure(o =>
            {
                ConfigurationValues.ReadInt32(users, nameof(o.PasswordIterations), v => o.PasswordIterations = v);
                ConfigurationValues.ReadBoolean(users, nameof(o.AllowWeakPasswordHashing), v => o.AllowWeakPasswordHashing = v);
                ConfigurationValues.Read(users, nameof(o.AdministratorsGroup), v => o.AdministratorsGroup = v);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UserDirectoryOptions>>(new ProblemsValidator<UserDirectoryOptions>(o => o.Validate())));

        var tokens = configuration.GetSection(TokenOptions.SectionName);
        services.AddOptions<TokenOptions>()
            .Configure(o =>
            {
                ConfigurationValues.ReadTimeSpan(tokens, nameof(o.DefaultLifetime), v => o.DefaultLifetime = v);
                ConfigurationValues.ReadTimeSpan(tokens, nameof(o.MaxLifetime), v => o.MaxLifetime = v);
                ConfigurationValues.ReadTimeSpan(tokens, nameof(o.LastUsedInterval), v => o.LastUsedInterval = v);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenOptions>>(new ProblemsValidator<TokenOptions>(o => o.Validate())));

        var bootstrap = configuration.GetSection(BootstrapOptions.SectionName);
        services.AddOptions<BootstrapOptions>()
            .Configure(o =>
            {
                ConfigurationValues.Read(bootstrap, nameof(o.UserName), v => o.UserName = v);
                ConfigurationValues.Read(bootstrap, nameof(o.Password), v => o.Password = v);
                ConfigurationValues.Read(bootstrap, nameof(o.Email), v => o.Email = v.Length == 0 ? null : v);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DependencyHealth>();
        services.TryAddSingleton(CreateServiceClient);
        services.TryAddSingleton<TableProvider>();
        services.TryAddSingleton<StorageProbe>();
        services.TryAddSingleton<PasswordHasher>();
        services.TryAddSingleton<ITokenService, TableTokenService>();
        services.TryAddSingleton<IUserDirectory, TableUserDirectory>();
        services.TryAddSingleton<INonceStore, TableNonceStore>();
        services.TryAddSingleton<IBanStore, TableBanStore>();
        services.AddGatehouseRegulation(configuration);
        services.TryAddSingleton<BootstrapAdministrator>();
        return services;
    }

    /// <summary>The client options: few, short retries and a bounded request time, so an outage becomes a quick 503.</summary>
    internal static TableClientOptions CreateClientOptions(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        return clientOptions;
    }

    private static TableServiceClient CreateServiceClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var clientOptions = CreateClientOptions(options);
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new TableServiceClient(options.TableEndpoint, new DefaultAzureCredential(), clientOptions)
            : new TableServiceClient(options.ConnectionString, clientOptions);
    }

    /// <summary>Turns an options class's own list of problems into a validation result that names each one.</summary>
    private sealed class ProblemsValidator<TOptions>(Func<TOptions, IEnumerable<string>> describe) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var problems = describe(options).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
