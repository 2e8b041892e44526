using Gatehouse.Chain;
using Gatehouse.Functions.Http;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// Who may use the directory API (issue #13, item 2): the chain names the caller — a read-only token already gets
/// 403 there on anything but GET — and administrators manage everything. The anonymous user reads only
/// <c>/api/v1/me</c>. Every refusal is answered here, as Nuxeo's exception JSON.
/// </summary>
internal static class DirectoryAccess
{
    /// <summary>The caller, a user of the directory; null after answering 401/403/429/503.</summary>
    public static async Task<Principal?> CallerAsync(this IAuthenticationChain chain, HttpContext context)
    {
        if (await chain.AuthenticateCallerAsync(context) is not { } principal)
        {
            return null;
        }

        if (principal.IsAnonymous)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: sign in to use the directory; the anonymous user may only read /api/v1/me.");
            return null;
        }

        return principal;
    }

    /// <summary>The caller when an administrator; null after answering (403 for anyone else).</summary>
    public static async Task<Principal?> AdministratorAsync(this IAuthenticationChain chain, HttpContext context)
    {
        if (await chain.CallerAsync(context) is not { } principal)
        {
            return null;
        }

        if (!principal.IsAdministrator)
        {
            await ForbiddenAsync(context, "only administrators may change users and groups");
            return null;
        }

        return principal;
    }

    public static bool IsSelf(this Principal principal, string userName) =>
        string.Equals(principal.UserName, userName, StringComparison.OrdinalIgnoreCase);

    public static Task ForbiddenAsync(HttpContext context, string reason) =>
        Responses.ErrorAsync(context, StatusCodes.Status403Forbidden, "Forbidden: " + reason + ".");

    public static Task BadRequestAsync(HttpContext context, string problem) =>
        Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request: " + problem);

    public static Task ConflictAsync(HttpContext context, string problem) =>
        Responses.ErrorAsync(context, StatusCodes.Status409Conflict, "Conflict: " + problem);

    public static Task UserNotFoundAsync(HttpContext context, string userName) =>
        Responses.ErrorAsync(context, StatusCodes.Status404NotFound, $"Not found: there is no user named {userName}.");

    public static Task GroupNotFoundAsync(HttpContext context, string groupName) =>
        Responses.ErrorAsync(context, StatusCodes.Status404NotFound, $"Not found: there is no group named {groupName}.");

    public static Task NotFoundAsync(HttpContext context, string help) =>
        Responses.ErrorAsync(context, StatusCodes.Status404NotFound, "Not found: " + help);

    public static Task WriteJsonAsync<T>(HttpContext context, int status, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(body, type, cancellationToken: context.RequestAborted);
    }
}
