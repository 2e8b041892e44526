using System.Text.Json.Serialization.Metadata;
using Gatehouse.Chain;
using Gatehouse.Functions.Hosting;
using Gatehouse.Functions.Http;
using Gatehouse.Mfa;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.TokenApi;

/// <summary>
/// Nuxeo's REST token API (SPEC §7.1–7.3, §7.5), behind the chain (Basic or token):
/// <list type="bullet">
/// <item><c>GET /api/v1/token[?application=][&amp;user=]</c> — the caller's bindings, newest first.</item>
/// <item><c>POST /api/v1/token?application=&amp;deviceId=&amp;deviceDescription=&amp;permission=[&amp;expiresIn=]</c> — 201 and the token.</item>
/// <item><c>GET</c> / <c>DELETE /api/v1/token/{id}[?user=]</c> — one binding; revoke it (204).</item>
/// <item><c>POST /api/v1/token/{id}/renew[?user=]</c> — extend a live binding within the maximum lifetime.</item>
/// </list>
/// <c>user=</c> names another user's bindings and is for administrators only. An id the caller cannot
/// see is 404 whether or not it exists, so ids leak nothing. A read-only token gets 403 from the chain
/// on anything but GET. Creating takes a password or a token page session; a device token may only revoke
/// or renew itself (<see cref="CredentialAuthority"/>).
/// </summary>
internal sealed partial class TokenApiEndpoint(
    IAuthenticationChain chain,
    ITokenService tokens,
    CredentialAuthority authority,
    IUserDirectory users,
    ISecondFactor secondFactor,
    IOptions<TokenOptions> options,
    ILogger<TokenApiEndpoint> logger) : IRenamesParameters
{
    private const string RenewSuffix = "/renew";

    private readonly TokenLifetime _lifetime = new(options.Value);

    /// <summary>
    /// Answers one request under <c>/api/v1/token</c>: the route admits GET, POST and DELETE, and the rest of
    /// the path (<c>""</c>, <c>{id}</c> or <c>{id}/renew</c>) says which resource it is about.
    /// </summary>
    public Task HandleAsync(HttpContext context)
    {
        var rest = (context.GetRouteValue("rest") as string)?.Trim('/') ?? string.Empty;
        if (rest.Length == 0)
        {
            return HandleCollectionAsync(context);
        }

        if (rest.EndsWith(RenewSuffix, StringComparison.Ordinal) && rest.IndexOf('/', StringComparison.Ordinal) == rest.Length - RenewSuffix.Length)
        {
            return HandleRenewAsync(context, rest[..^RenewSuffix.Length]);
        }

        return rest.Contains('/', StringComparison.Ordinal)
            ? Responses.TextAsync(context, StatusCodes.Status404NotFound, "Not found: the token API has /api/v1/token, /api/v1/token/{id} and /api/v1/token/{id}/renew.")
            : HandleBindingAsync(context, rest);
    }

    private Task HandleCollectionAsync(HttpContext context) => context.Request.Method switch
    {
        var method when HttpMethods.IsGet(method) => ListAsync(context),
        var method when HttpMethods.IsPost(method) => CreateAsync(context),
        _ => Responses.MethodNotAllowedAsync(context, "GET, POST"),
    };

    private Task HandleBindingAsync(HttpContext context, string id) => context.Request.Method switch
    {
        var method when HttpMethods.IsGet(method) => GetAsync(context, id),
        var method when HttpMethods.IsDelete(method) => RevokeAsync(context, id),
        _ => Responses.MethodNotAllowedAsync(context, "GET, DELETE"),
    };

    private Task HandleRenewAsync(HttpContext context, string id) => HttpMethods.IsPost(context.Request.Method)
        ? RenewAsync(context, id)
        : Responses.MethodNotAllowedAsync(context, HttpMethods.Post);

    private async Task ListAsync(HttpContext context)
    {
        if (await AuthorizeOwnerAsync(context) is not var (_, owner))
        {
            return;
        }

        var bindings = await tokens.ListAsync(owner, context.Request.Query.Value(TokenApiQuery.Application), context.RequestAborted);
        await WriteJsonAsync(context, StatusCodes.Status200OK, TokenListJson.From(bindings, _lifetime), GatehouseJsonContext.Default.TokenListJson);
    }

    private async Task CreateAsync(HttpContext context)
    {
        if (await chain.AuthenticateUserAsync(context, CredentialContextOfCreate(context.Request.Query)) is not { } principal)
        {
            return;
        }

        if (TokenApiQuery.ToCreateRequest(context.Request.Query, principal.UserName, out var problem) is not { } request)
        {
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: " + problem);
            return;
        }

        if (!(await authority.OfAsync(principal, context.RequestAborted)).MayCreate(request.ApplicationName))
        {
            await Responses.TextAsync(context, StatusCodes.Status403Forbidden, "Forbidden: " + Credential.MintRefusal + ".");
            return;
        }

        if (IsPageSession(request.ApplicationName) && await NeedsSecondFactorAsync(principal, context.RequestAborted))
        {
            // A page session from a password alone would be a web sign-in without the account's second factor.
            LogSessionRefused(logger, principal.UserName);
            await Responses.TextAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: " + SecondFactorRefusal);
            return;
        }

        var issued = await tokens.AcquireAsync(request, context.RequestAborted);

        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Location = $"{context.Request.PathBase}{Routes.TokenApiPath}/{issued.Binding.Id}";
        if (Responses.WantsJson(context.Request))
        {
            await WriteJsonAsync(context, StatusCodes.Status201Created, IssuedTokenJson.From(issued, _lifetime), GatehouseJsonContext.Default.IssuedTokenJson);
            return;
        }

        await Responses.TextAsync(context, StatusCodes.Status201Created, issued.Token);
    }

    private async Task GetAsync(HttpContext context, string id)
    {
        if (await AuthorizeOwnerAsync(context) is not var (_, owner))
        {
            return;
        }

        if (await tokens.GetByIdAsync(owner, id, context.RequestAborted) is not { } binding)
        {
            await NotFoundAsync(context, owner);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, TokenJson.From(binding, _lifetime), GatehouseJsonContext.Default.TokenJson);
    }

    private async Task RevokeAsync(HttpContext context, string id)
    {
        if (await AuthorizeManagerAsync(context, id) is not var (principal, owner))
        {
            return;
        }

        if (!await tokens.RevokeByIdAsync(owner, id, context.RequestAborted))
        {
            await NotFoundAsync(context, owner);
            return;
        }

        LogRevoked(logger, principal.UserName, owner, id);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task RenewAsync(HttpContext context, string id)
    {
        if (await AuthorizeManagerAsync(context, id) is not var (principal, owner))
        {
            return;
        }

        var renewal = await tokens.RenewAsync(owner, id, context.RequestAborted);
        if (renewal is not { Status: RenewalStatus.Renewed, Binding: { } renewed })
        {
            await RefuseRenewalAsync(context, owner, renewal);
            return;
        }

        LogRenewed(logger, principal.UserName, owner, id, renewed.ExpiresAt);
        await WriteJsonAsync(context, StatusCodes.Status200OK, TokenJson.From(renewed, _lifetime), GatehouseJsonContext.Default.TokenJson);
    }

    /// <summary>
    /// The token page signs a person in by trading the password for a page session here: that one exchange is a web
    /// sign-in, where the password policy accepts a password; every other call to this API is a tool's.
    /// </summary>
    private static CredentialContext CredentialContextOfCreate(IQueryCollection query) =>
        IsPageSession(query.Value(TokenApiQuery.Application)) ? CredentialContext.SignIn : CredentialContext.Api;

    private static bool IsPageSession(string? applicationName) =>
        string.Equals(applicationName, CredentialAuthority.SessionApplication, StringComparison.Ordinal);

    /// <summary>Why a page session is not minted here for an account with (or required to have) a second factor.</summary>
    internal const string SecondFactorRefusal = "this account signs in with a second factor; sign in at /signin (the token page does)";

    /// <summary>True when the account has a second factor, or must enrol one, before it may hold a page session.</summary>
    private async Task<bool> NeedsSecondFactorAsync(Principal principal, CancellationToken cancellationToken)
    {
        var status = await secondFactor.GetStatusAsync(principal, cancellationToken);
        return status.MustVerify || status.MustEnrol;
    }

    /// <summary>409 for a binding that cannot be extended (the client should create a new one); 404 for none the caller may see.</summary>
    private static Task RefuseRenewalAsync(HttpContext context, string owner, TokenRenewal renewal) => renewal switch
    {
        { Status: RenewalStatus.Expired, Binding.ExpiresAt: { } expiredAt } => Responses.TextAsync(
            context, StatusCodes.Status409Conflict, $"Conflict: this token expired at {Iso(expiredAt)} and cannot be renewed; create a new one."),
        { Status: RenewalStatus.AtMaximum, Binding.ExpiresAt: { } expiresAt } => Responses.TextAsync(
            context, StatusCodes.Status409Conflict, $"Conflict: this token has reached its maximum lifetime and expires at {Iso(expiresAt)}; create a new one."),
        _ => NotFoundAsync(context, owner),
    };

    /// <summary>
    /// The caller, and whose bindings the request is about: the caller's own, or with <c>user=</c> another
    /// user's (administrators only: 403 for others; 404 when that user does not exist). Null after answering.
    /// </summary>
    private async Task<(Principal Principal, string Owner)?> AuthorizeOwnerAsync(HttpContext context)
    {
        if (await chain.AuthenticateUserAsync(context) is not { } principal)
        {
            return null;
        }

        var requested = context.Request.Query.Value(TokenApiQuery.User);
        if (requested is null || string.Equals(requested, principal.UserName, StringComparison.OrdinalIgnoreCase))
        {
            return (principal, principal.UserName);
        }

        if (!principal.IsAdministrator)
        {
            await Responses.TextAsync(context, StatusCodes.Status403Forbidden, "Forbidden: only administrators may use the user parameter.");
            return null;
        }

        if (await users.GetAsync(requested, context.RequestAborted) is not { } user)
        {
            await Responses.TextAsync(context, StatusCodes.Status404NotFound, $"Not found: there is no user named {requested}.");
            return null;
        }

        LogOnBehalf(logger, principal.UserName, user.UserName, context.Request.Method);
        return (principal, user.UserName);
    }

    /// <summary>The library names the application <c>applicationName</c>; this API calls it <c>application</c>.</summary>
    private static readonly Dictionary<string, string> LibraryToHttpNames = new(StringComparer.Ordinal) { ["applicationName"] = TokenApiQuery.Application };

    public IReadOnlyDictionary<string, string> ParameterNames => LibraryToHttpNames;

    /// <summary>As <see cref="AuthorizeOwnerAsync"/>, for changing binding <paramref name="id"/>: a device token may only change itself.</summary>
    private async Task<(Principal Principal, string Owner)?> AuthorizeManagerAsync(HttpContext context, string id)
    {
        if (await AuthorizeOwnerAsync(context) is not var (principal, owner))
        {
            return null;
        }

        if (!(await authority.OfAsync(principal, context.RequestAborted)).MayManage(id))
        {
            await Responses.TextAsync(context, StatusCodes.Status403Forbidden, "Forbidden: " + Credential.OtherBindingRefusal + ".");
            return null;
        }

        return (principal, owner);
    }

    private static Task NotFoundAsync(HttpContext context, string owner) =>
        Responses.TextAsync(context, StatusCodes.Status404NotFound, $"Not found: user {owner} has no token with that id.");

    private static Task WriteJsonAsync<T>(HttpContext context, int status, T body, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, typeInfo, cancellationToken: context.RequestAborted);
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);


    [LoggerMessage(EventId = LogEvents.TokenApiRevoked, EventName = nameof(LogEvents.TokenApiRevoked), Level = LogLevel.Information, Message = "Token API: {Actor} revoked binding {BindingId} of {Owner}")]
    private static partial void LogRevoked(ILogger logger, string actor, string owner, string bindingId);

    [LoggerMessage(EventId = LogEvents.TokenApiRenewed, EventName = nameof(LogEvents.TokenApiRenewed), Level = LogLevel.Information, Message = "Token API: {Actor} renewed binding {BindingId} of {Owner} until {ExpiresAt}")]
    private static partial void LogRenewed(ILogger logger, string actor, string owner, string bindingId, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = LogEvents.SignInSessionRefused, EventName = nameof(LogEvents.SignInSessionRefused), Level = LogLevel.Information, Message = "Token API: no page session for {User} from a password alone: the account has a second factor")]
    private static partial void LogSessionRefused(ILogger logger, string user);

    [LoggerMessage(EventId = LogEvents.TokenApiOnBehalf, EventName = nameof(LogEvents.TokenApiOnBehalf), Level = LogLevel.Information, Message = "Token API: administrator {Actor} acts on the tokens of {Owner} ({Method})")]
    private static partial void LogOnBehalf(ILogger logger, string actor, string owner, string method);
}
