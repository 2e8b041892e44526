using System.Globalization;
using Gatehouse.Audit;
using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Audit;

/// <summary>
/// <c>GET /api/v1/audit[?user=][&amp;since=][&amp;type=][&amp;after=][&amp;pageSize=]</c> (SPEC §13): the audit trail, newest first,
/// one page at a time (<c>after=</c> the <c>next</c> of the page before). Behind the chain like the token API.
/// An administrator sees everyone's events, or one user's with <c>user=</c>; anyone else sees their own, and
/// <c>user=</c> naming someone else is 403 — as in the token API; it says nothing about whether that user exists.
/// </summary>
internal sealed class AuditApiEndpoint(IAuthenticationChain chain, IAuditStore store, IOptions<AuditOptions> options, TimeProvider time)
{
    public const string User = "user";
    public const string Since = "since";
    public const string Type = "type";
    public const string After = "after";
    public const string PageSize = "pageSize";

    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    /// <summary>Answers one request; the route admits only GET.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        if (await chain.AuthenticateUserAsync(context) is not { } principal)
        {
            return;
        }

        var query = context.Request.Query;
        var user = query.Value(User);
        if (!principal.IsAdministrator)
        {
            if (user is not null && !string.Equals(user, principal.UserName, StringComparison.OrdinalIgnoreCase))
            {
                await Responses.TextAsync(context, StatusCodes.Status403Forbidden, "Forbidden: only administrators may see the activity of other users.");
                return;
            }

            user = principal.UserName;
        }

        if (Parse(query, out var problem) is not var (since, type, pageSize))
        {
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: " + problem);
            return;
        }

        var page = await store.QueryAsync(new AuditQuery(user, since ?? time.GetUtcNow() - options.Value.Retention, type, query.Value(After), pageSize), context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.WriteAsJsonAsync(AuditPageJson.From(page), GatehouseJsonContext.Default.AuditPageJson, cancellationToken: context.RequestAborted);
    }

    private static (DateTimeOffset? Since, string? Type, int PageSize)? Parse(IQueryCollection query, out string? problem)
    {
        DateTimeOffset? since = null;
        if (query.Value(Since) is { } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                problem = "since must be a date and time in ISO 8601, e.g. 2026-12-01T00:00:00Z.";
                return null;
            }

            since = parsed;
        }

        var type = query.Value(Type);
        if (type is not null && !AuditEventTypes.All.Contains(type))
        {
            problem = $"type must be one of {string.Join(", ", AuditEventTypes.All.Order(StringComparer.Ordinal))}.";
            return null;
        }

        var pageSize = DefaultPageSize;
        if (query.Value(PageSize) is { } sizeText
            && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            problem = $"pageSize must be a whole number from 1 to {MaxPageSize}.";
            return null;
        }

        problem = null;
        return (since, type, pageSize);
    }
}
