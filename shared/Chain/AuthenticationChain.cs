using System.Text.RegularExpressions;
using Gatehouse.Plugins;
using Gatehouse.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Chain;

/// <summary>
/// Nuxeo's <c>NuxeoAuthenticationFilter</c> as a function of the request (SPEC §4.2, §4.3): open URLs
/// first, then the first matching specific chain or the default one; plugins in order, the first
/// success wins, the first failure stops; the identity must be an existing, enabled user.
/// </summary>
internal sealed partial class AuthenticationChain(
    CompiledChains chains,
    IUserDirectory users,
    IOptions<AnonymousAuthenticatorOptions> anonymous,
    IOptions<PrincipalOptions> principals,
    ILogger<AuthenticationChain> logger) : IAuthenticationChain
{
    private readonly string? _anonymousUser = anonymous.Value.AnonymousUser;
    private readonly string _administrators = principals.Value.AdministratorsGroup;

    public async ValueTask<ChainDecision> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsOpen(request))
        {
            return ChainDecision.Open();
        }

        var plugins = Select(request);
        try
        {
            foreach (var plugin in plugins)
            {
                var result = await plugin.AuthenticateAsync(request, cancellationToken);
                switch (result.Outcome)
                {
                    case AuthOutcome.NoResult:
                        continue;
                    case AuthOutcome.Fail:
                        LogFailed(logger, plugin.Name, result.Reason!);
                        return ChainDecision.Unauthenticated(result.Reason!, plugin.Name, Challenge(plugins, request));
                    default:
                        return await ResolveAsync(result.Identity!, plugins, request, cancellationToken);
                }
            }

            return ChainDecision.Unauthenticated("no credentials", challenge: Challenge(plugins, request));
        }
        catch (DependencyUnavailableException exception)
        {
            LogUnavailable(logger, exception.Dependency);
            return ChainDecision.Unavailable(exception.Dependency);
        }
    }

    private async ValueTask<ChainDecision> ResolveAsync(Identity identity, IAuthenticator[] plugins, AuthRequest request, CancellationToken cancellationToken)
    {
        // Nuxeo's virtual anonymous user need not exist in the directory.
        if (_anonymousUser is not null && string.Equals(identity.UserName, _anonymousUser, StringComparison.OrdinalIgnoreCase))
        {
            return ChainDecision.Allowed(new Principal(_anonymousUser, null, null, null, [], false, true, identity.Plugin, identity.TokenPermission, identity.TokenId));
        }

        var user = await users.GetAsync(identity.UserName, cancellationToken);
        if (user is null || !user.Enabled)
        {
            var reason = user is null ? "unknown user" : "disabled user";
            LogRefusedUser(logger, identity.Plugin, identity.UserName, reason);
            return ChainDecision.Unauthenticated(reason, identity.Plugin, Challenge(plugins, request));
        }

        var isAdministrator = user.Groups.Contains(_administrators, StringComparer.OrdinalIgnoreCase);
        LogAllowed(logger, identity.Plugin, user.UserName);
        return ChainDecision.Allowed(new Principal(
            user.UserName, user.Email, user.FirstName, user.LastName, user.Groups, isAdministrator, false, identity.Plugin, identity.TokenPermission, identity.TokenId));
    }

    private bool IsOpen(AuthRequest request)
    {
        foreach (var open in chains.OpenUrls)
        {
            if (open.Method is not null && !string.Equals(open.Method, request.Method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // A pattern that times out grants nothing and denies everything: fail closed.
            if (Matches(open.Grant, request.Path, onTimeout: false) && !(open.Deny is not null && Matches(open.Deny, request.Path, onTimeout: true)))
            {
                return true;
            }
        }

        return false;
    }

    private IAuthenticator[] Select(AuthRequest request)
    {
        foreach (var specific in chains.Specific)
        {
            if (specific.UrlPatterns.Any(pattern => Matches(pattern, request.Path, onTimeout: false)) ||
                (specific.Headers.Length > 0 && specific.Headers.All(h => request.GetHeader(h.Name) is { } value && Matches(h.Pattern, value, onTimeout: false))))
            {
                return specific.Plugins;
            }
        }

        return chains.Default;
    }

    private static string? Challenge(IAuthenticator[] plugins, AuthRequest request)
    {
        foreach (var plugin in plugins)
        {
            if (plugin is IPromptingAuthenticator prompting && prompting.GetChallenge(request) is { } challenge)
            {
                return challenge;
            }
        }

        return null;
    }

    private static bool Matches(Regex pattern, string input, bool onTimeout)
    {
        try
        {
            return pattern.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return onTimeout;
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Plugin} refused the request: {Reason}")]
    private static partial void LogFailed(ILogger logger, string plugin, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "{Plugin} vouched for {UserName}, refused: {Reason}")]
    private static partial void LogRefusedUser(ILogger logger, string plugin, string userName, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "{Plugin} authenticated {UserName}")]
    private static partial void LogAllowed(ILogger logger, string plugin, string userName);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Chain answered unavailable: {Dependency} is down")]
    private static partial void LogUnavailable(ILogger logger, string dependency);
}
