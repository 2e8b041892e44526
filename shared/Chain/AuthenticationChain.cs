using System.Diagnostics;
using Gatehouse.Network;
using Gatehouse.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Chain;

/// <summary>
/// The configured chain (SPEC §4.2, §4.3): open URLs first, then the first matching specific chain (in
/// declared order) or the default one; plugins run in order, the first Success or Fail decides; the
/// identity must be an existing, enabled user. Outages become <see cref="DecisionKind.Unavailable"/>.
/// Everything configured is compiled once, here.
/// </summary>
internal sealed partial class AuthenticationChain : IAuthenticationChain
{
    private const string NoCredentialsReason = "no credentials";

    /// <summary>The <c>outcome</c> tag of each decision kind, made once.</summary>
    private static readonly string[] Outcomes = Enum.GetNames<DecisionKind>().Select(name => name.ToLowerInvariant()).ToArray();

    private readonly ChainPlan.OpenUrl[] _openUrls;
    private readonly Selector[] _specific;
    private readonly CompiledChain _default;
    private readonly IUserDirectory _users;
    private readonly UserDirectoryOptions _principals;
    private readonly ClientAddressResolver _clients;
    private readonly RefusalLog _refusals;
    private readonly ILogger _logger;

    public AuthenticationChain(
        IOptions<ChainOptions> options,
        IOptions<UserDirectoryOptions> principals,
        AuthenticatorRegistry registry,
        IUserDirectory users,
        ClientAddressResolver clients,
        RefusalLog refusals,
        ILogger<AuthenticationChain> logger)
    {
        _principals = principals.Value;
        _users = users;
        _clients = clients;
        _refusals = refusals;
        _logger = logger;

        // Validated at start; a host that skipped validation still never runs a chain that is not what was configured.
        var plan = ChainPlan.Of(options.Value, registry.Contains);
        if (plan.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", plan.Errors));
        }

        CompiledChain Resolve(ChainPlan.PluginList list) => new(list.Name, list.Plugins.Select(registry.Get).ToArray());
        _default = Resolve(plan.Default);
        _specific = plan.Specific.Select(selector => new Selector(selector.UrlPatterns, selector.Headers, Resolve(selector.Chain))).ToArray();
        _openUrls = plan.OpenUrls;
    }

    public async ValueTask<ChainDecision> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = GatehouseTelemetry.Source.StartActivity("gatehouse.chain");
        var started = GatehouseTelemetry.DecisionDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        var decision = await DecideAsync(request, cancellationToken);
        Measure(decision, started, activity);
        return decision;
    }

    /// <summary>The decision's metrics and span tags: plugin and outcome only, never who or what was asked.</summary>
    private static void Measure(ChainDecision decision, long started, Activity? activity)
    {
        var outcome = GatehouseTelemetry.Tag("outcome", Outcomes[(int)decision.Kind]);
        var plugin = GatehouseTelemetry.Tag("plugin", decision.Plugin ?? "none");
        GatehouseTelemetry.Decisions.Add(1, outcome, plugin);
        if (started != 0)
        {
            GatehouseTelemetry.DecisionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, outcome);
        }

        activity?.SetTag("gatehouse.outcome", outcome.Value).SetTag("gatehouse.plugin", plugin.Value);
        if (decision.Kind == DecisionKind.Unavailable)
        {
            activity?.SetStatus(ActivityStatusCode.Error, decision.Reason);
        }
    }

    private async ValueTask<ChainDecision> DecideAsync(AuthRequest request, CancellationToken cancellationToken)
    {
        if (IsOpen(request))
        {
            Log.OpenUrl(_logger, request.Method, request.Path);
            return ChainDecision.Open();
        }

        if (!TrySelect(request, out var chain))
        {
            // A selector that cannot be evaluated must not fall through to a later (maybe more
            // permissive, e.g. anonymous) chain: the request is refused.
            return ChainDecision.Unauthenticated("chain selection timed out");
        }

        try
        {
            return await RunAsync(chain, request, cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            Log.DependencyUnavailable(_logger, ex.Dependency, chain.Name);
            return ChainDecision.Unavailable(ex.Dependency);
        }
    }

    private async ValueTask<ChainDecision> RunAsync(CompiledChain chain, AuthRequest request, CancellationToken cancellationToken)
    {
        foreach (var plugin in chain.Plugins)
        {
            var result = await plugin.AuthenticateAsync(request, cancellationToken);
            switch (result.Outcome)
            {
                case AuthOutcome.NoResult:
                    continue;
                case AuthOutcome.Success when result.Identity is { } identity:
                    return await ResolveAsync(identity, chain, request, cancellationToken);
                case AuthOutcome.Fail when result.RetryAfter is { } retryAfter:
                    _refusals.Throttled(plugin.Name, result.Reason!, result.Login, _clients.Resolve(request.RemoteAddress, request.Headers), retryAfter);
                    return ChainDecision.Throttled(result.Reason!, retryAfter, plugin.Name);
                default:
                    // A failed credential never falls through to a later plugin (SPEC §4.1).
                    var reason = result.Reason ?? "invalid credentials";
                    _refusals.CredentialRefused(plugin.Name, reason, result.Login, _clients.Resolve(request.RemoteAddress, request.Headers), chain.Name);
                    return ChainDecision.Unauthenticated(reason, plugin.Name, Challenge(chain, request));
            }
        }

        Log.NoCredentials(_logger, chain.Name);
        return ChainDecision.Unauthenticated(NoCredentialsReason, null, Challenge(chain, request));
    }

    private async ValueTask<ChainDecision> ResolveAsync(Identity identity, CompiledChain chain, AuthRequest request, CancellationToken cancellationToken)
    {
        Principal principal;
        if (_principals.IsAnonymous(identity.UserName))
        {
            // Nuxeo's anonymous user is virtual: built from configuration, no directory read.
            principal = new Principal(_principals.AnonymousUser!, null, null, null, [], false, true, identity.Plugin, identity.TokenPermission, identity.TokenId);
        }
        else
        {
            var user = identity.User ?? await _users.GetAsync(identity.UserName, cancellationToken);
            if (user is null || !user.Enabled)
            {
                var reason = user is null ? "unknown user" : "disabled user";
                _refusals.UserRefused(identity.Plugin, identity.UserName, _clients.Resolve(request.RemoteAddress, request.Headers), reason);
                return ChainDecision.Unauthenticated(reason, identity.Plugin, Challenge(chain, request));
            }

            // Sub-groups count: a member of a group inside the administrators group administers too.
            var isAdministrator = _principals.IsAdministrator(user.ExtendedGroups);
            principal = new Principal(user.UserName, user.Email, user.FirstName, user.LastName, user.ExtendedGroups, isAdministrator, false, identity.Plugin, identity.TokenPermission, identity.TokenId);
        }

        var decision = AccessPolicy.Apply(ChainDecision.Allowed(principal), request.Method);
        if (decision.Kind == DecisionKind.Forbidden)
        {
            _refusals.Forbidden(principal.Plugin, principal.UserName, _clients.Resolve(request.RemoteAddress, request.Headers), decision.Reason!, request.Method);
        }
        else
        {
            Log.Authenticated(_logger, principal.Plugin, principal.UserName, chain.Name);
        }

        return decision;
    }

    private bool IsOpen(AuthRequest request)
    {
        if (!request.PathIsCanonical)
        {
            return false;
        }

        foreach (var open in _openUrls)
        {
            if (open.Method is not null && !string.Equals(open.Method, request.Method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Fail closed both ways: a grant that times out did not match, a deny that times out did.
            if (Evaluate(open.Grant, request.Path) != PatternMatch.Match)
            {
                continue;
            }

            if (open.Deny is null || Evaluate(open.Deny, request.Path) == PatternMatch.NoMatch)
            {
                return true;
            }
        }

        return false;
    }

    private bool TrySelect(AuthRequest request, out CompiledChain chain)
    {
        foreach (var selector in _specific)
        {
            switch (Matches(selector, request))
            {
                case PatternMatch.Match:
                    chain = selector.Chain;
                    return true;
                case PatternMatch.TimedOut:
                    chain = _default;
                    return false;
            }
        }

        chain = _default;
        return true;
    }

    /// <summary>Nuxeo's rule: one matching URL pattern, or one present header with a matching value, selects the chain.</summary>
    private PatternMatch Matches(Selector selector, AuthRequest request)
    {
        foreach (var pattern in selector.UrlPatterns)
        {
            var match = Evaluate(pattern, request.Path);
            if (match != PatternMatch.NoMatch)
            {
                return match;
            }
        }

        foreach (var (name, pattern) in selector.Headers)
        {
            var match = request.Headers.TryGetValue(name, out var values) ? Evaluate(pattern, values.ToString()) : PatternMatch.NoMatch;
            if (match != PatternMatch.NoMatch)
            {
                return match;
            }
        }

        return PatternMatch.NoMatch;
    }

    private PatternMatch Evaluate(ChainPattern pattern, string value)
    {
        var match = pattern.Evaluate(value);
        if (match == PatternMatch.TimedOut)
        {
            Log.PatternTimedOut(_logger, pattern.Key);
        }

        return match;
    }

    private static string? Challenge(CompiledChain chain, AuthRequest request)
    {
        foreach (var plugin in chain.Plugins)
        {
            if (plugin is IPromptingAuthenticator prompting && prompting.GetChallenge(request) is { } challenge)
            {
                return challenge;
            }
        }

        return null;
    }

    private sealed record CompiledChain(string Name, IAuthenticator[] Plugins);

    private sealed record Selector(ChainPattern[] UrlPatterns, (string Name, ChainPattern Pattern)[] Headers, CompiledChain Chain);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.OpenUrl, EventName = nameof(LogEvents.OpenUrl), Level = LogLevel.Debug, Message = "Open URL: {Method} {Path} allowed without identity")]
        public static partial void OpenUrl(ILogger logger, string method, string path);

        [LoggerMessage(EventId = LogEvents.Authenticated, EventName = nameof(LogEvents.Authenticated), Level = LogLevel.Debug, Message = "{Plugin} authenticated {User} (chain {Chain})")]
        public static partial void Authenticated(ILogger logger, string plugin, string user, string chain);

        [LoggerMessage(EventId = LogEvents.NoCredentials, EventName = nameof(LogEvents.NoCredentials), Level = LogLevel.Debug, Message = "No credentials for chain {Chain}")]
        public static partial void NoCredentials(ILogger logger, string chain);

        // Without the exception: the store that failed reports the outage once per state change, with its cause.
        [LoggerMessage(EventId = LogEvents.DependencyUnavailable, EventName = nameof(LogEvents.DependencyUnavailable), Level = LogLevel.Debug, Message = "Dependency {Dependency} unavailable while running chain {Chain}")]
        public static partial void DependencyUnavailable(ILogger logger, string dependency, string chain);

        [LoggerMessage(EventId = LogEvents.PatternTimedOut, EventName = nameof(LogEvents.PatternTimedOut), Level = LogLevel.Warning, Message = "Pattern {Key} timed out; treated as failing closed")]
        public static partial void PatternTimedOut(ILogger logger, string key);
    }
}
