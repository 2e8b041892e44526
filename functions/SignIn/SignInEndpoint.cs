using System.Text.Json.Serialization.Metadata;
using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Gatehouse.Functions.TokenApi;
using Gatehouse.Mfa;
using Gatehouse.Network;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.SignIn;

/// <summary>
/// The one web sign-in (SPEC §12) every Gatehouse page uses, and the signed-in user's second factor:
/// <list type="bullet">
/// <item><c>POST /signin</c> — Basic (user name or e-mail, password) and, when the account has a second factor, a body
/// <c>{"code"}</c> (a TOTP code or a recovery code) → 201 and the page session. Without the code: 401
/// <c>code_required</c>, and no session. Where <c>Gatehouse:Mfa:Require</c> wants a second factor the account does
/// not have: 401 <c>enrolment_required</c>; the page begins an enrolment (below) with the same password, and the
/// sign-in with a code from the new key confirms it (201, the session and the ten recovery codes).</item>
/// <item><c>GET /signin/second-factor</c> — where the second factor stands.</item>
/// <item><c>POST /signin/second-factor/enrolment</c> — begins an enrolment: the QR code and the key.</item>
/// <item><c>POST /signin/second-factor/confirmation</c>, <c>…/recovery-codes</c>, <c>…/disable</c> — with <c>{"code"}</c>:
/// turn it on (the recovery codes, once), new recovery codes, turn it off.</item>
/// </list>
/// The second-factor calls take the page session; beginning an enrolment also takes the password of an account that
/// must enrol (it has no session yet). No session is ever minted before the second factor is satisfied: until then
/// the user holds no credential that works anywhere else. Problems are JSON <see cref="SignInProblemJson"/> (401
/// without a challenge, so no browser dialog), bans 429 + <c>Retry-After</c>.
/// </summary>
internal sealed partial class SignInEndpoint(
    IAuthenticationChain chain,
    CredentialAuthority authority,
    ISecondFactor secondFactor,
    PageSessions sessions,
    ClientAddressResolver clients,
    IOptions<TokenOptions> tokenOptions,
    ILogger<SignInEndpoint> logger)
{
    private const string SecondFactorPath = "second-factor";

    private readonly TokenLifetime _lifetime = new(tokenOptions.Value);

    /// <summary>What a second-factor change does with the code it is given.</summary>
    private enum Change
    {
        Confirm,
        ReplaceRecoveryCodes,
        Disable,
    }

    public Task HandleAsync(HttpContext context)
    {
        var step = (context.GetRouteValue("step") as string)?.Trim('/') ?? string.Empty;
        return step switch
        {
            "" => Post(context, SignInAsync),
            SecondFactorPath => HttpMethods.IsGet(context.Request.Method) ? StatusAsync(context) : Responses.MethodNotAllowedAsync(context, HttpMethods.Get),
            SecondFactorPath + "/enrolment" => Post(context, BeginAsync),
            SecondFactorPath + "/confirmation" => Post(context, c => ChangeAsync(c, Change.Confirm)),
            SecondFactorPath + "/recovery-codes" => Post(context, c => ChangeAsync(c, Change.ReplaceRecoveryCodes)),
            SecondFactorPath + "/disable" => Post(context, c => ChangeAsync(c, Change.Disable)),
            _ => Responses.TextAsync(context, StatusCodes.Status404NotFound,
                "Not found: the sign-in has /signin and /signin/second-factor[/enrolment|/confirmation|/recovery-codes|/disable]."),
        };
    }

    private static Task Post(HttpContext context, Func<HttpContext, Task> handle) =>
        HttpMethods.IsPost(context.Request.Method) ? handle(context) : Responses.MethodNotAllowedAsync(context, HttpMethods.Post);

    private async Task SignInAsync(HttpContext context)
    {
        if (await PasswordSignInAsync(context) is not { } principal)
        {
            return;
        }

        var (valid, code) = await CodeAsync(context);
        if (!valid)
        {
            return;
        }

        var status = await secondFactor.GetStatusAsync(principal, context.RequestAborted);
        IReadOnlyList<string>? recoveryCodes = null;
        string how;
        if (status.MustVerify || status.MustEnrol)
        {
            if (code is null)
            {
                await ProblemAsync(context, StatusCodes.Status401Unauthorized, status.MustVerify
                    ? new(SignInErrors.CodeRequired, "Enter the code from your authenticator app, or a recovery code.")
                    : new(SignInErrors.EnrolmentRequired, "Your account must have two-step sign-in: set it up with an authenticator app to continue."));
                return;
            }

            var check = status.MustVerify
                ? await secondFactor.VerifyAsync(principal, code, Client(context), context.RequestAborted)
                : await secondFactor.ConfirmEnrolmentAsync(principal, code, Client(context), context.RequestAborted);
            if (!check.IsAccepted)
            {
                await RefuseAsync(context, principal, check, status.MustEnrol);
                return;
            }

            how = status.MustVerify ? (check.UsedRecoveryCode ? "a recovery code" : "a code") : "an enrolment";
            recoveryCodes = check.RecoveryCodes;
            status = status with { Enrolled = true, Pending = false, RecoveryCodesLeft = check.RecoveryCodesLeft };
        }
        else
        {
            how = "a password only";
        }

        var session = await sessions.MintAsync(principal, context.RequestAborted);
        LogSignedIn(logger, principal.UserName, how);
        context.Response.Headers.CacheControl = "no-store";
        await JsonAsync(context, StatusCodes.Status201Created,
            new SignedInJson(IssuedTokenJson.From(session, _lifetime), SecondFactorJson.From(status), recoveryCodes), GatehouseJsonContext.Default.SignedInJson);
    }

    private async Task StatusAsync(HttpContext context)
    {
        if (await SessionAsync(context) is not { } principal)
        {
            return;
        }

        var status = await secondFactor.GetStatusAsync(principal, context.RequestAborted);
        await JsonAsync(context, StatusCodes.Status200OK, SecondFactorJson.From(status), GatehouseJsonContext.Default.SecondFactorJson);
    }

    /// <summary>Begins an enrolment for the page session's user, or for an account that must enrol, with its password.</summary>
    private async Task BeginAsync(HttpContext context)
    {
        if (await chain.AuthenticateUserAsync(context, CredentialContext.SignIn) is not { } principal)
        {
            return;
        }

        var kind = (await authority.OfAsync(principal, context.RequestAborted)).Kind;
        if (kind == CredentialKind.SignIn && !(await secondFactor.GetStatusAsync(principal, context.RequestAborted)).MustEnrol)
        {
            await ProblemAsync(context, StatusCodes.Status403Forbidden,
                new(SignInErrors.InvalidRequest, "Sign in first: a password alone begins an enrolment only for an account that must have one."));
            return;
        }

        if (kind is not (CredentialKind.SignIn or CredentialKind.Session))
        {
            await SessionRequiredAsync(context);
            return;
        }

        if (await secondFactor.BeginEnrolmentAsync(principal, context.RequestAborted) is not { } enrolment)
        {
            await ProblemAsync(context, StatusCodes.Status409Conflict,
                new(SignInErrors.AlreadyEnrolled, "Two-step sign-in is already on: turn it off first to set up another app."));
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        await JsonAsync(context, StatusCodes.Status200OK, new EnrolmentJson(enrolment.Uri, enrolment.Key, enrolment.QrCodeSvg), GatehouseJsonContext.Default.EnrolmentJson);
    }

    private async Task ChangeAsync(HttpContext context, Change change)
    {
        if (await SessionAsync(context) is not { } principal)
        {
            return;
        }

        var (valid, code) = await CodeAsync(context);
        if (!valid)
        {
            return;
        }

        if (code is null)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, new(SignInErrors.CodeRequired, "Enter a code from your authenticator app, or a recovery code."));
            return;
        }

        var client = Client(context);
        var check = change switch
        {
            Change.Confirm => await secondFactor.ConfirmEnrolmentAsync(principal, code, client, context.RequestAborted),
            Change.ReplaceRecoveryCodes => await secondFactor.ReplaceRecoveryCodesAsync(principal, code, client, context.RequestAborted),
            _ => await secondFactor.DisableAsync(principal, code, client, context.RequestAborted),
        };
        if (!check.IsAccepted)
        {
            await RefuseAsync(context, principal, check, enrolling: change == Change.Confirm);
            return;
        }

        var status = SecondFactorJson.From(await secondFactor.GetStatusAsync(principal, context.RequestAborted));
        context.Response.Headers.CacheControl = "no-store";
        await (check.RecoveryCodes is { } codes
            ? JsonAsync(context, StatusCodes.Status200OK, new RecoveryCodesJson(codes, status), GatehouseJsonContext.Default.RecoveryCodesJson)
            : JsonAsync(context, StatusCodes.Status200OK, status, GatehouseJsonContext.Default.SecondFactorJson));
    }

    /// <summary>The chain's principal for a password (or a trusted single sign-on): a token is no sign-in. Null after answering.</summary>
    private async Task<Principal?> PasswordSignInAsync(HttpContext context)
    {
        if (await chain.AuthenticateUserAsync(context, CredentialContext.SignIn) is not { } principal)
        {
            return null;
        }

        if ((await authority.OfAsync(principal, context.RequestAborted)).Kind != CredentialKind.SignIn)
        {
            await ProblemAsync(context, StatusCodes.Status403Forbidden, new(SignInErrors.InvalidRequest, "Sign in with your user name or e-mail and your password, not a token."));
            return null;
        }

        return principal;
    }

    /// <summary>The page session's principal. Null after answering.</summary>
    private async Task<Principal?> SessionAsync(HttpContext context)
    {
        if (await chain.AuthenticateUserAsync(context) is not { } principal)
        {
            return null;
        }

        if ((await authority.OfAsync(principal, context.RequestAborted)).Kind != CredentialKind.Session)
        {
            await SessionRequiredAsync(context);
            return null;
        }

        return principal;
    }

    private static Task SessionRequiredAsync(HttpContext context) =>
        ProblemAsync(context, StatusCodes.Status403Forbidden, new(SignInErrors.InvalidRequest, "Only a signed-in page may change the second factor."));

    /// <summary>The body's code (blank as none); <c>Valid</c> false after answering 400.</summary>
    private static async Task<(bool Valid, string? Code)> CodeAsync(HttpContext context)
    {
        var (valid, body) = await JsonBodies.ReadAsync(context.Request, GatehouseJsonContext.Default.CodeJson, context.RequestAborted);
        if (!valid)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest,
                new(SignInErrors.InvalidRequest, $"The body must be JSON {{\"code\": \"…\"}} (Content-Type: application/json, at most {JsonBodies.MaxLength} bytes)."));
            return (false, null);
        }

        return (true, string.IsNullOrWhiteSpace(body?.Code) ? null : body.Code);
    }

    private Task RefuseAsync(HttpContext context, Principal principal, SecondFactorCheck check, bool enrolling)
    {
        LogRefused(logger, principal.UserName, check.Outcome);
        switch (check.Outcome)
        {
            case SecondFactorOutcome.Throttled:
                Responses.SetRetryAfter(context.Response, check.RetryAfter);
                return ProblemAsync(context, StatusCodes.Status429TooManyRequests, new(SignInErrors.CodeRefused, $"Too many attempts: {check.ThrottledReason}."));
            case SecondFactorOutcome.Replayed:
                return ProblemAsync(context, StatusCodes.Status401Unauthorized, new(SignInErrors.CodeReplayed, "That code was already used: wait for the next one."));
            case SecondFactorOutcome.Unreadable:
                return ProblemAsync(context, StatusCodes.Status401Unauthorized,
                    new(SignInErrors.CodeUnreadable, "Your authenticator app's codes can no longer be checked: use a recovery code, or ask an administrator to reset your second factor."));
            case SecondFactorOutcome.NotEnrolled:
                return enrolling
                    ? ProblemAsync(context, StatusCodes.Status401Unauthorized, new(SignInErrors.EnrolmentRequired, "Set up two-step sign-in first: no enrolment is under way."))
                    : ProblemAsync(context, StatusCodes.Status409Conflict, new(SignInErrors.NotEnrolled, "Two-step sign-in is not on for this account."));
            default:
                return ProblemAsync(context, StatusCodes.Status401Unauthorized, new(SignInErrors.CodeRefused, enrolling
                    ? "That code is not right: enter the current code your authenticator app shows."
                    : "That code is not right: enter the current code from your authenticator app, or an unused recovery code."));
        }
    }

    private AttemptClient Client(HttpContext context) =>
        new(state => clients.Resolve(((HttpContext)state).Connection.RemoteIpAddress, ((HttpContext)state).Request.Headers), context);

    private static Task ProblemAsync(HttpContext context, int status, SignInProblemJson problem) =>
        JsonAsync(context, status, problem, GatehouseJsonContext.Default.SignInProblemJson);

    private static Task JsonAsync<T>(HttpContext context, int status, T body, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, typeInfo, cancellationToken: context.RequestAborted);
    }

    [LoggerMessage(EventId = LogEvents.SignInCompleted, EventName = nameof(LogEvents.SignInCompleted), Level = LogLevel.Information, Message = "Sign-in: {User} signed in to a page with {How}")]
    private static partial void LogSignedIn(ILogger logger, string user, string how);

    [LoggerMessage(EventId = LogEvents.SignInSecondFactorRefused, EventName = nameof(LogEvents.SignInSecondFactorRefused), Level = LogLevel.Information, Message = "Sign-in: second factor of {User} not accepted ({Outcome})")]
    private static partial void LogRefused(ILogger logger, string user, SecondFactorOutcome outcome);
}
