using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Authorize;

/// <summary>
/// <c>/authorize/{*path}</c>, any method (SPEC §8): a gateway's per-request question "may this client
/// request through, and who is it?". Allow → 200 with identity headers; deny → 401/403; outage → 503.
/// </summary>
internal sealed partial class AuthorizeEndpoint(IAuthenticationChain chain, IOptions<AuthorizerOptions> options, ILogger<AuthorizeEndpoint> logger)
{
    private readonly AuthorizerOptions _options = options.Value;

    /// <summary>
    /// Answers one decision. The routed <c>{*path}</c> value is not used: it is decoded already, and Path mode reads
    /// the raw suffix once (<see cref="OriginalRequest"/>).
    /// </summary>
    public async Task HandleAsync(HttpContext context)
    {
        var original = OriginalRequest.TryRead(context, _options, out var error);
        if (original is null)
        {
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: " + error);
            return;
        }

        var authRequest = AuthRequest.FromHttpContext(context, original.Method, original.Path, original.QueryString, original.IsCanonical);
        var decision = await chain.AuthenticateAsync(authRequest, context.RequestAborted);
        var allowed = decision.Kind is DecisionKind.Allowed or DecisionKind.Open;

        // A line for every request would be an access log, the gateway's job; at the handler's default level
        // (Information, to the console) it cost about half as much CPU again per cached request. A refused
        // credential already has its one (rate-limited) Information line from the chain.
        LogDecision(logger, decision.Kind, original.Method, original.Path, decision.Principal?.UserName, decision.Plugin, decision.Reason);

        if (allowed)
        {
            WriteIdentityHeaders(context.Response, decision.Principal);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }

        if (Responses.WantsJson(context.Request))
        {
            await WriteJsonAsync(context, decision);
            return;
        }

        if (!allowed)
        {
            await Responses.DenyAsync(context, decision);
        }
    }

    /// <summary>
    /// Every identity header, empty where it does not apply (an open URL, a password has no token permission):
    /// gateways that copy them onto the upstream request then never pass on a client's value of their own, nor
    /// a placeholder of theirs (Caddy 2.6 copies the literal "{http.reverse_proxy.header.…}" for a missing one).
    /// </summary>
    private void WriteIdentityHeaders(HttpResponse response, Principal? principal)
    {
        var headers = response.Headers;
        headers[_options.UserHeader] = principal?.UserName ?? string.Empty;
        headers[_options.GroupsHeader] = principal is null ? string.Empty : string.Join(',', principal.Groups);
        headers[_options.EmailHeader] = principal?.Email ?? string.Empty;
        headers[_options.NameHeader] = principal is null ? string.Empty : FullName(principal.FirstName, principal.LastName);
        headers[_options.PluginHeader] = principal?.Plugin ?? string.Empty;
        headers[_options.TokenPermissionHeader] = principal?.TokenPermission ?? string.Empty;
    }

    /// <summary>First and last name, space-separated, leaving out an empty part.</summary>
    private static string FullName(string? first, string? last) =>
        string.IsNullOrEmpty(first) ? last ?? string.Empty
        : string.IsNullOrEmpty(last) ? first
        : first + " " + last;

    private static Task WriteJsonAsync(HttpContext context, ChainDecision decision)
    {
        var allowed = decision.Kind is DecisionKind.Allowed or DecisionKind.Open;
        if (!allowed)
        {
            Responses.ApplyDenial(context.Response, decision);
        }

        var principal = decision.Principal;
        var body = new AuthorizeJson(allowed, principal?.UserName, principal?.Groups ?? [], decision.Plugin, principal?.TokenPermission, decision.Reason);
        return context.Response.WriteAsJsonAsync(body, GatehouseJsonContext.Default.AuthorizeJson, cancellationToken: context.RequestAborted);
    }

    [LoggerMessage(EventId = LogEvents.AuthorizerDecision, EventName = nameof(LogEvents.AuthorizerDecision), Level = LogLevel.Debug, Message = "Authorize {Kind}: {Method} {Path} user={UserName} plugin={Plugin} reason={Reason}")]
    private static partial void LogDecision(ILogger logger, DecisionKind kind, string method, string path, string? userName, string? plugin, string? reason);
}
