using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the user directory on Table Storage and the bootstrap administrator, with <c>Gatehouse:Users</c>
    /// and <c>Gatehouse:Bootstrap</c> (validated at start). Needs storage, the token service (a deleted user's tokens
    /// go with them), a <see cref="PasswordHashingGate"/> (regulation's) and an <c>IHostEnvironment</c>.
    /// </summary>
    public static IServiceCollection AddGatehouseUsers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<UserDirectoryOptions>().BindConfiguration(UserDirectoryOptions.Section).ValidateOnStart()
            .ValidateWith<UserDirectoryOptions, UserDirectoryOptionsValidator>();
        services.AddOptions<PasswordPolicyOptions>().BindConfiguration(PasswordPolicyOptions.Section).ValidateOnStart()
            .ValidateWith<PasswordPolicyOptions, PasswordPolicyOptionsValidator>();
        services.TryAddSingleton<PasswordRules>();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateOnStart()
            .ValidateWith<BootstrapOptions, BootstrapOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PasswordHasher>();
        services.TryAddSingleton<IGroupDirectory, TableGroupDirectory>();
        services.TryAddSingleton<IUserDirectory, TableUserDirectory>();
        services.TryAddSingleton<GroupMembership>();
        services.TryAddSingleton<BootstrapAdministrator>();
        return services;
    }
}
