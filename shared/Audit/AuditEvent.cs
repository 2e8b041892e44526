namespace Gatehouse.Audit;

/// <summary>
/// One line of the audit trail (SPEC §13): what happened, to whom, done by whom and through which path. It never
/// holds a secret, a token, a code or a password hash: only names, binding ids and reasons safe to show.
/// </summary>
/// <param name="Type">One of <see cref="AuditEventTypes"/>.</param>
/// <param name="User">The user it is about (a login as written, for a failed sign-in); null when it is about no user (a group, an address).</param>
/// <param name="Actor">Who did it, when an authenticated caller did; null for the subject's own sign-in, housekeeping and start-up work.</param>
/// <param name="Via">The path it came through (<see cref="AuditVia"/>).</param>
/// <param name="At">When it happened (the writer's clock).</param>
/// <param name="Detail">What else is safe to say: application and device, binding id, reason, changed fields.</param>
/// <param name="Id">Unique and ordered newest first: the row key (set when stored).</param>
public sealed record AuditEvent(string Type, string? User, string? Actor, string Via, DateTimeOffset At, string? Detail, string Id = "");

/// <summary>The kinds of <see cref="AuditEvent"/>; stable strings, what the API's <c>type=</c> filters on.</summary>
public static class AuditEventTypes
{
    public const string TokenIssued = "token.issued";
    public const string TokenReissued = "token.reissued";
    public const string TokenRenewed = "token.renewed";
    public const string TokenRevoked = "token.revoked";
    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string Banned = "regulation.banned";
    public const string SecondFactorEnrolled = "mfa.enrolled";
    public const string SecondFactorRecoveryCodesReplaced = "mfa.recovery-codes-replaced";
    public const string SecondFactorDisabled = "mfa.disabled";
    public const string SecondFactorReset = "mfa.reset";
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserEnabled = "user.enabled";
    public const string UserDisabled = "user.disabled";
    public const string UserPasswordChanged = "user.password-changed";
    public const string UserDeleted = "user.deleted";
    public const string GroupCreated = "group.created";
    public const string GroupUpdated = "group.updated";
    public const string GroupDeleted = "group.deleted";
    public const string PortalReplayRefused = "portal.replay-refused";

    /// <summary>Every type, for validating the API's filter.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        TokenIssued, TokenReissued, TokenRenewed, TokenRevoked, SignInSucceeded, SignInFailed, Banned,
        SecondFactorEnrolled, SecondFactorRecoveryCodesReplaced, SecondFactorDisabled, SecondFactorReset,
        UserCreated, UserUpdated, UserEnabled, UserDisabled, UserPasswordChanged, UserDeleted,
        GroupCreated, GroupUpdated, GroupDeleted, PortalReplayRefused,
    };
}

/// <summary>The paths an <see cref="AuditEvent"/> comes through.</summary>
public static class AuditVia
{
    public const string Handshake = "handshake";
    public const string TokenApi = "token-api";
    public const string TokenPage = "token-page";
    public const string DirectoryApi = "directory-api";
    public const string Api = "api";

    /// <summary>No request: start-up (the bootstrap administrator), housekeeping, a library caller.</summary>
    public const string Internal = "internal";
}
