namespace Gatehouse;

/// <summary>
/// Every event Gatehouse logs, library and app, in one place: an id is never reused (a test reads every
/// <c>[LoggerMessage]</c> and checks), and the name is what structured sinks index on. Ids go by area, a block
/// of a hundred or so each; a new event takes the next free id of its area.
/// </summary>
public static class LogEvents
{
    // 1000: Chain (shared)
    public const int OpenUrl = 1000;
    public const int Authenticated = 1001;
    public const int CredentialRefused = 1002;
    public const int UserRefused = 1003;
    public const int NoCredentials = 1004;
    public const int Forbidden = 1005;
    public const int DependencyUnavailable = 1006;
    public const int PatternTimedOut = 1007;
    public const int Throttled = 1008;
    public const int RefusalsSuppressed = 1009;

    // 1100: Plugins (shared)
    public const int ProxyUntrusted = 1100;

    // 2000: Storage (shared)
    public const int TableReady = 2000;
    public const int TablesMissing = 2003;

    // 2100: Users (shared)
    public const int UserCreated = 2100;
    public const int UserDeleted = 2101;
    public const int PasswordRehashed = 2102;
    public const int RehashFailed = 2103;
    public const int StaleEmailClaimReplaced = 2104;
    public const int StaleTokensRevoked = 2105;
    public const int UserUpdated = 2106;
    public const int GroupChanged = 2130;
    public const int MembershipChanged = 2131;
    public const int BootstrapCreated = 2110;
    public const int BootstrapExists = 2111;
    public const int BootstrapNotConfigured = 2112;
    public const int BootstrapWeakPasswordAccepted = 2113;
    public const int HashingPriorityLowered = 2120;
    public const int HashingPriorityUnchanged = 2121;
    public const int BootstrapPasswordNotApplied = 2122;

    // 2200: Tokens (shared)
    public const int TokenIssued = 2200;
    public const int TokenRevoked = 2201;
    public const int TokenReplacing = 2202;
    public const int TokenRenewed = 2203;
    public const int TokenTouchFailed = 2204;

    // 2300: TokenApi (functions)
    public const int TokenApiRevoked = 2302;
    public const int TokenApiRenewed = 2303;
    public const int TokenApiOnBehalf = 2304;
    public const int HandshakeRevoked = 2311;
    public const int HandshakeRefused = 2312;

    // 2400: Regulation (shared)
    public const int Banned = 2400;

    // 2500: Directory (functions)
    public const int DirectoryUserCreated = 2500;
    public const int DirectoryUserUpdated = 2501;
    public const int DirectoryUserDeleted = 2502;
    public const int DirectoryPasswordChanged = 2503;
    public const int DirectoryPasswordChangeRefused = 2504;
    public const int DirectoryGroupCreated = 2505;
    public const int DirectoryGroupUpdated = 2506;
    public const int DirectoryGroupDeleted = 2507;
    public const int DirectoryMemberAdded = 2508;
    public const int DirectoryMemberRemoved = 2509;
    public const int DirectoryFirstAdministratorKept = 2510;
    public const int DirectoryGroupCreationUndone = 2511;

    // 3000: Authorize (functions)
    public const int AuthorizerDecision = 3001;

    // 3100: Secrets (shared)
    public const int SecretsFromConfiguration = 3100;
    public const int SecretLoaded = 3110;
    public const int LoadFailed = 3111;
    public const int RefreshFailed = 3112;
    public const int SecretNotFound = 3113;
    public const int VersionRejected = 3114;

    // 4000: DependencyHealth (shared)
    public const int DependencyDown = 4000;
    public const int DependencyBack = 4001;

    // 4100: Housekeeping (shared)
    public const int Swept = 4100;
    public const int SweepStoppedAtLimit = 4101;
    public const int SweepNothingToDo = 4102;
    public const int StandaloneSweepDisabled = 4110;
    public const int StandaloneSweepDeferred = 4111;
    public const int SweepFailed = 4112;
    public const int TimerSweepDisabled = 4113;
    public const int TimerSweepDeferred = 4114;

    // 5100: Mfa (shared)
    public const int MfaEnrolmentBegun = 5100;
    public const int MfaEnrolled = 5101;
    public const int MfaCodeRefused = 5102;
    public const int MfaRecoveryCodeUsed = 5103;
    public const int MfaRecoveryCodesReplaced = 5104;
    public const int MfaDisabled = 5105;
    public const int MfaReset = 5106;
    public const int MfaSecretUnreadable = 5107;
    public const int MfaSecretResealed = 5108;

    // 5300: Sign-in (functions)
    public const int SignInCompleted = 5300;
    public const int SignInSecondFactorRefused = 5301;
    public const int SignInSessionRefused = 5302;
    public const int DriveSignInApproved = 5310;
    public const int DriveSignInCancelled = 5311;
    public const int DeviceGrantStarted = 5320;
    public const int DeviceGrantDecided = 5321;
    public const int DeviceGrantRedeemed = 5322;
    public const int DeviceGrantAlreadyDecided = 5323;

    // 4200: Hosting (functions)
    public const int InitializationDeferred = 4200;
    public const int EndpointOutage = 4210;

    // 5000: Revocation feed (shared/Caching)
    public const int FeedAppendFailed = 5000;
    public const int FeedBacklogMerged = 5001;
    public const int FeedBacklogSent = 5002;
    public const int FeedEntryApplied = 5003;
    public const int FeedUnreadable = 5004;
    public const int FeedReadAgain = 5005;
    public const int FeedReadFailed = 5006;
    public const int FeedOff = 5007;
    public const int FeedServiceFailed = 5008;

    // 5200: Audit (shared)
    public const int AuditDropped = 5200;
    public const int AuditWriteFailed = 5201;
}
