using Microsoft.Extensions.Logging;

namespace Gatehouse.Mfa;

/// <summary>Second-factor log lines (event ids 5100–5119). Users, actors and reasons, never a secret or a code.</summary>
internal static partial class MfaLog
{
    [LoggerMessage(EventId = LogEvents.MfaEnrolmentBegun, EventName = nameof(LogEvents.MfaEnrolmentBegun), Level = LogLevel.Information,
        Message = "Second-factor enrolment begun for {UserName}; it takes effect once confirmed with a code")]
    public static partial void EnrolmentBegun(ILogger logger, string userName);

    [LoggerMessage(EventId = LogEvents.MfaEnrolled, EventName = nameof(LogEvents.MfaEnrolled), Level = LogLevel.Information,
        Message = "Second factor enrolled for {UserName}, with {RecoveryCodes} recovery codes")]
    public static partial void Enrolled(ILogger logger, string userName, int recoveryCodes);

    [LoggerMessage(EventId = LogEvents.MfaCodeRefused, EventName = nameof(LogEvents.MfaCodeRefused), Level = LogLevel.Information,
        Message = "Second-factor code refused for {UserName}: {Reason}")]
    public static partial void CodeRefused(ILogger logger, string userName, string reason);

    [LoggerMessage(EventId = LogEvents.MfaRecoveryCodeUsed, EventName = nameof(LogEvents.MfaRecoveryCodeUsed), Level = LogLevel.Warning,
        Message = "Recovery code used by {UserName}; {RecoveryCodesLeft} left")]
    public static partial void RecoveryCodeUsed(ILogger logger, string userName, int recoveryCodesLeft);

    [LoggerMessage(EventId = LogEvents.MfaRecoveryCodesReplaced, EventName = nameof(LogEvents.MfaRecoveryCodesReplaced), Level = LogLevel.Information,
        Message = "Recovery codes of {UserName} replaced by {RecoveryCodes} new ones")]
    public static partial void RecoveryCodesReplaced(ILogger logger, string userName, int recoveryCodes);

    [LoggerMessage(EventId = LogEvents.MfaDisabled, EventName = nameof(LogEvents.MfaDisabled), Level = LogLevel.Warning,
        Message = "Second factor of {UserName} turned off by the user, proven with a {Proof}")]
    public static partial void Disabled(ILogger logger, string userName, string proof);

    [LoggerMessage(EventId = LogEvents.MfaReset, EventName = nameof(LogEvents.MfaReset), Level = LogLevel.Warning,
        Message = "Second factor of {UserName} reset by {Actor}: the user must enrol again")]
    public static partial void Reset(ILogger logger, string actor, string userName);

    [LoggerMessage(EventId = LogEvents.MfaSecretUnreadable, EventName = nameof(LogEvents.MfaSecretUnreadable), Level = LogLevel.Warning,
        Message = "The second-factor secret of {UserName} (sealed under mfa-key version {KeyVersion}) opens with no accepted mfa-key version: a recovery code or an administrator's reset is needed")]
    public static partial void SecretUnreadable(ILogger logger, string userName, string keyVersion);

    [LoggerMessage(EventId = LogEvents.MfaSecretResealed, EventName = nameof(LogEvents.MfaSecretResealed), Level = LogLevel.Debug,
        Message = "The second-factor secret of {UserName} was resealed from mfa-key version {FromVersion} to {ToVersion}")]
    public static partial void SecretResealed(ILogger logger, string userName, string fromVersion, string toVersion);
}
