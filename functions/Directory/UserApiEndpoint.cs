using Gatehouse.Chain;
using Gatehouse.Functions.Hosting;
using Gatehouse.Functions.Http;
using Gatehouse.Mfa;
using Gatehouse.Users;
using Gatehouse.Validation;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// Nuxeo's user API (SPEC §10, NUXEO-FACTS §1), behind the chain:
/// <list type="bullet">
/// <item><c>POST /api/v1/user</c> — create (administrators); the name is <c>properties.username</c>; 201 and the user.</item>
/// <item><c>GET</c> / <c>PUT</c> / <c>DELETE /api/v1/user/{name}</c> — read, merge an update, delete (204).</item>
/// <item><c>GET /api/v1/user/search?q=&amp;currentPageIndex=&amp;pageSize=</c> — Nuxeo's paged list.</item>
/// <item><c>POST</c> / <c>DELETE /api/v1/user/{name}/group/{group}</c> — membership (<see cref="DirectoryMemberships"/>).</item>
/// </list>
/// Administrators manage every user. Anyone else reads and updates only their own profile: another user is 404 to
/// them whether or not it exists (so names leak nothing), a search finds only themselves, and their own groups,
/// enabled flag and password are not theirs to change here (403 when the body changes them; sent back unchanged, as
/// nuxeo-python-client's <c>save()</c> does, they are fine). Their password changes at <c>PUT /api/v1/me/changepassword</c>.
/// </summary>
internal sealed class UserApiEndpoint(
    IAuthenticationChain chain,
    IUserDirectory users,
    IGroupDirectory groups,
    UserAnswers answers,
    PasswordRules rules,
    FirstAdministratorGuard guard,
    ISecondFactor secondFactors,
    DirectoryMemberships memberships,
    IOptions<UserDirectoryOptions> options,
    ILogger<UserApiEndpoint> logger) : IAnswersNuxeoExceptions, IRenamesParameters
{
    private const string SearchSegment = "search";

    /// <summary>The library's argument names (<see cref="NewUser"/>, <see cref="UserUpdate"/>) as the properties a client sends.</summary>
    private static readonly Dictionary<string, string> LibraryToJsonNames = new(StringComparer.Ordinal)
    {
        ["UserName"] = "username",
        ["Password"] = "password",
        ["Email"] = "email",
        ["FirstName"] = "firstName",
        ["LastName"] = "lastName",
        ["Company"] = "company",
        ["Groups"] = "groups",
    };

    private readonly UserDirectoryOptions _options = options.Value;

    public IReadOnlyDictionary<string, string> ParameterNames => LibraryToJsonNames;

    /// <summary>Answers one request under <c>/api/v1/user</c>; the rest of the path says which resource it is about.</summary>
    public Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        return DirectoryPath.Segments(context) switch
        {
            [] => HttpMethods.IsPost(method) ? CreateAsync(context) : Responses.MethodNotAllowedAsync(context, HttpMethods.Post),
            [SearchSegment] => HttpMethods.IsGet(method) ? SearchAsync(context) : Responses.MethodNotAllowedAsync(context, HttpMethods.Get),
            [var name] when HttpMethods.IsGet(method) => GetAsync(context, name),
            [var name] when HttpMethods.IsPut(method) => UpdateAsync(context, name),
            [var name] when HttpMethods.IsDelete(method) => DeleteAsync(context, name),
            [_] => Responses.MethodNotAllowedAsync(context, "GET, PUT, DELETE"),
            [var user, "group", var group] => memberships.HandleAsync(context, group, user),
            _ => DirectoryAccess.NotFoundAsync(context, "the user API has /api/v1/user, /api/v1/user/search, /api/v1/user/{name} and /api/v1/user/{name}/group/{group}."),
        };
    }

    private async Task GetAsync(HttpContext context, string name)
    {
        if (await chain.CallerAsync(context) is not { } principal)
        {
            return;
        }

        if ((!principal.IsAdministrator && !principal.IsSelf(name)) || await users.GetAsync(name, context.RequestAborted) is not { } user)
        {
            await DirectoryAccess.UserNotFoundAsync(context, name);
            return;
        }

        await answers.WriteAsync(context, StatusCodes.Status200OK, user);
    }

    private async Task SearchAsync(HttpContext context)
    {
        if (await chain.CallerAsync(context) is not { } principal)
        {
            return;
        }

        if (DirectorySearch.From(context.Request.Query, out var problem) is not { } search)
        {
            await DirectoryAccess.BadRequestAsync(context, problem!);
            return;
        }

        var results = (await users.ListAsync(context.RequestAborted))
            .Where(user => principal.IsAdministrator || principal.IsSelf(user.UserName))
            .Where(user => search.Matches(user.UserName, user.FirstName, user.LastName))
            .ToList();
        var entries = await answers.ToJsonAsync(search.Slice(results), context.RequestAborted);
        await DirectoryAccess.WriteJsonAsync(context, StatusCodes.Status200OK, search.Page("users", results.Count, entries), GatehouseJsonContext.Default.PageJsonUserJson);
    }

    private async Task CreateAsync(HttpContext context)
    {
        if (await chain.AdministratorAsync(context) is not { } principal ||
            await DirectoryRequest.ReadAsync(context, GatehouseJsonContext.Default.UserBody, "user", static body => body.EntityType) is not { } body)
        {
            return;
        }

        var properties = body.Properties ?? Empty;
        var name = properties.Username ?? body.Id;
        if (name is null)
        {
            await DirectoryAccess.BadRequestAsync(context, "properties.username is required to create a user.");
            return;
        }

        if (Mismatch(body.Id, name) is { } mismatch)
        {
            await DirectoryAccess.BadRequestAsync(context, mismatch);
            return;
        }

        UserValidation.ValidateName(name, "username");
        if (_options.IsAnonymous(name))
        {
            await DirectoryAccess.BadRequestAsync(context, $"{name} is the anonymous user's name.");
            return;
        }

        var email = UserValidation.EmptyAsNull(properties.Email);
        IReadOnlyList<string> direct = [];
        if (properties.Groups is not null)
        {
            UserValidation.ValidateGroups(properties.Groups, "groups");
            if ((await groups.GraphAsync(context.RequestAborted)).Canonicalize(properties.Groups, out direct) is { } unknown)
            {
                await DirectoryAccess.BadRequestAsync(context, $"group {unknown} does not exist.");
                return;
            }
        }

        rules.Enforce(properties.Password, name, email);
        if (await users.GetAsync(name, context.RequestAborted) is not null)
        {
            await DirectoryAccess.ConflictAsync(context, $"user {name} already exists.");
            return;
        }

        // A second factor left by a deletion that crashed half-way must not pass to the new user of that name.
        await secondFactors.ResetAsync(name, principal.UserName, context.RequestAborted);
        var user = new NewUser(name, properties.Password!, email, properties.FirstName, properties.LastName, properties.Company, direct, properties.Enabled ?? true);
        if (!await users.CreateAsync(user, context.RequestAborted))
        {
            await DirectoryAccess.ConflictAsync(context, await users.GetAsync(name, context.RequestAborted) is not null
                ? $"user {name} already exists."
                : $"the e-mail address {email} is used by another user.");
            return;
        }

        DirectoryLog.UserCreated(logger, principal.UserName, name);
        if (await users.GetAsync(name, context.RequestAborted) is not { } created)
        {
            await DirectoryAccess.UserNotFoundAsync(context, name);
            return;
        }

        context.Response.Headers.Location = $"{context.Request.PathBase}{Routes.UserApiPath}/{Uri.EscapeDataString(created.UserName)}";
        await answers.WriteAsync(context, StatusCodes.Status201Created, created);
    }

    private async Task UpdateAsync(HttpContext context, string name)
    {
        if (await chain.CallerAsync(context) is not { } principal)
        {
            return;
        }

        if (!principal.IsAdministrator && !principal.IsSelf(name))
        {
            await DirectoryAccess.ForbiddenAsync(context, "a user may change only their own profile");
            return;
        }

        if (await DirectoryRequest.ReadAsync(context, GatehouseJsonContext.Default.UserBody, "user", static body => body.EntityType) is not { } body)
        {
            return;
        }

        var properties = body.Properties ?? Empty;
        if ((Mismatch(body.Id, name) ?? Mismatch(properties.Username, name)) is { } mismatch)
        {
            await DirectoryAccess.BadRequestAsync(context, mismatch);
            return;
        }

        if (await users.GetAsync(name, context.RequestAborted) is not { } current)
        {
            await DirectoryAccess.UserNotFoundAsync(context, name);
            return;
        }

        IReadOnlyList<string>? direct = null;
        if (properties.Groups is not null)
        {
            UserValidation.ValidateGroups(properties.Groups, "groups");
            if ((await groups.GraphAsync(context.RequestAborted)).Canonicalize(properties.Groups, out var resolved, current.Groups) is { } unknown)
            {
                await DirectoryAccess.BadRequestAsync(context, $"group {unknown} does not exist.");
                return;
            }

            direct = resolved;
        }

        var enabled = properties.Enabled;
        var password = UserValidation.EmptyAsNull(properties.Password);
        if (!principal.IsAdministrator)
        {
            if (OwnProfileRefusal(current, direct, enabled, password) is { } refusal)
            {
                await DirectoryAccess.ForbiddenAsync(context, refusal);
                return;
            }

            (direct, enabled) = (null, null);
        }

        if (guard.RefusalToUpdate(current.UserName, direct, enabled) is { } kept)
        {
            DirectoryLog.FirstAdministratorKept(logger, principal.UserName, kept);
            await DirectoryAccess.ForbiddenAsync(context, kept);
            return;
        }

        if (password is not null)
        {
            rules.Enforce(password, current.UserName, properties.Email is null ? current.Email : UserValidation.EmptyAsNull(properties.Email));
        }

        var update = new UserUpdate(properties.Email, properties.FirstName, properties.LastName, properties.Company, direct, password, enabled);
        switch (await users.UpdateAsync(current.UserName, update, context.RequestAborted))
        {
            case UserUpdateResult.NotFound:
                await DirectoryAccess.UserNotFoundAsync(context, name);
                return;
            case UserUpdateResult.EmailTaken:
                await DirectoryAccess.ConflictAsync(context, $"the e-mail address {properties.Email} is used by another user.");
                return;
        }

        DirectoryLog.UserUpdated(logger, principal.UserName, current.UserName, password is not null, enabled);
        if (await users.GetAsync(current.UserName, context.RequestAborted) is not { } updated)
        {
            await DirectoryAccess.UserNotFoundAsync(context, name);
            return;
        }

        await answers.WriteAsync(context, StatusCodes.Status200OK, updated);
    }

    private async Task DeleteAsync(HttpContext context, string name)
    {
        if (await chain.AdministratorAsync(context) is not { } principal)
        {
            return;
        }

        if (guard.RefusalToDelete(name) is { } kept)
        {
            DirectoryLog.FirstAdministratorKept(logger, principal.UserName, kept);
            await DirectoryAccess.ForbiddenAsync(context, kept);
            return;
        }

        // The directory revokes the user's bindings and frees the e-mail address. The second factor goes too, also
        // when the user is already gone: a deletion that crashed before this line is finished by asking again.
        var deleted = await users.DeleteAsync(name, context.RequestAborted);
        await secondFactors.ResetAsync(name, principal.UserName, context.RequestAborted);
        if (!deleted)
        {
            await DirectoryAccess.UserNotFoundAsync(context, name);
            return;
        }

        DirectoryLog.UserDeleted(logger, principal.UserName, name);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>What a user may not change in their own profile: groups, enabled flag and (here) password; null when the body changes none.</summary>
    private static string? OwnProfileRefusal(User current, IReadOnlyList<string>? groups, bool? enabled, string? password)
    {
        if (groups is not null && !new HashSet<string>(groups, StringComparer.OrdinalIgnoreCase).SetEquals(current.Groups))
        {
            return "only administrators may change a user's groups";
        }

        if (enabled is { } flag && flag != current.Enabled)
        {
            return "only administrators may enable or disable a user";
        }

        return password is not null
            ? "change your own password with PUT /api/v1/me/changepassword, giving the current one"
            : null;
    }

    /// <summary>The problem when a body names another user than the URL (renaming is not supported), or null.</summary>
    private static string? Mismatch(string? given, string name) =>
        given is null || string.Equals(given, name, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"the body names user {given}, the URL {name}: a user cannot be renamed.";

    private static readonly UserPropertiesBody Empty = new(null, null, null, null, null, null, null, null);
}
