using Gatehouse.Chain;
using Gatehouse.Mfa;
using Gatehouse.Regulation;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers the audit trail (<c>Gatehouse:Audit</c>, validated at start): the queue, its background writer and
    /// the table, and the auditing decorators around the token service, the user and group directories, the second
    /// factor, the ban store, BASIC_AUTH (sign-ins) and PORTAL_AUTH (replays). Call it last but housekeeping: it wraps
    /// what the endpoints call, outside the caches, and passes every hot-path read straight through.
    /// </summary>
    public static IServiceCollection AddGatehouseAudit(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart()
            .ValidateWith<AuditOptions, AuditOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditQueue>();
        services.TryAddSingleton<IAuditSink>(sp => sp.GetRequiredService<AuditQueue>());
        services.TryAddSingleton<IAuditStore, TableAuditStore>();
        services.TryAddSingleton<AuditTrail>();
        services.AddHostedService<AuditWriter>();

        services.Decorate<ITokenService>((sp, inner) => new AuditingTokenService(inner, sp.GetRequiredService<AuditTrail>()));
        services.Decorate<IUserDirectory>((sp, inner) => new AuditingUserDirectory(inner, sp.GetRequiredService<AuditTrail>()));
        services.Decorate<IGroupDirectory>((sp, inner) => new AuditingGroupDirectory(inner, sp.GetRequiredService<AuditTrail>()));
        services.Decorate<ISecondFactor>((sp, inner) => new AuditingSecondFactor(inner, sp.GetRequiredService<AuditTrail>()));
        services.Decorate<IBanStore>((sp, inner) => new AuditingBanStore(inner, sp.GetRequiredService<AuditTrail>()));
        services.DecorateKeyed<IAuthenticator>(AuthenticatorNames.Basic, (sp, inner) => new SignInAuditingAuthenticator(inner, sp.GetRequiredService<AuditTrail>()));
        return services.DecorateKeyed<IAuthenticator>(AuthenticatorNames.Portal, (sp, inner) => new ReplayAuditingAuthenticator(inner, sp.GetRequiredService<AuditTrail>()));
    }
}
