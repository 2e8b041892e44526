using Microsoft.Extensions.Logging;

namespace Gatehouse.Users;

/// <summary>User directory log lines (event ids 2100–2199). Never a password or a hash.</summary>
internal static partial class UsersLog
{
    [LoggerMessage(EventId = LogEvents.UserCreated, EventName = nameof(LogEvents.UserCreated), Level = LogLevel.Information, Message = "Created user {UserName}")]
    public static partial void UserCreated(ILogger logger, string userName);

    [LoggerMessage(EventId = LogEvents.UserDeleted, EventName = nameof(LogEvents.UserDeleted), Level = LogLevel.Information, Message = "Deleted user {UserName}")]
    public static partial void UserDeleted(ILogger logger, string userName);

    [LoggerMessage(EventId = LogEvents.UserUpdated, EventName = nameof(LogEvents.UserUpdated), Level = LogLevel.Information, Message = "Updated user {UserName} ({Fields})")]
    public static partial void UserUpdated(ILogger logger, string userName, IEnumerable<string> fields);

    [LoggerMessage(EventId = LogEvents.GroupChanged, EventName = nameof(LogEvents.GroupChanged), Level = LogLevel.Information, Message = "Changed group {GroupName}")]
    public static partial void GroupChanged(ILogger logger, string groupName);

    [LoggerMessage(EventId = LogEvents.MembershipChanged, EventName = nameof(LogEvents.MembershipChanged), Level = LogLevel.Information, Message = "Group {GroupName}: added {Added}, removed {Removed} member user(s)")]
    public static partial void MembershipChanged(ILogger logger, string groupName, int added, int removed);

    [LoggerMessage(EventId = LogEvents.PasswordRehashed, EventName = nameof(LogEvents.PasswordRehashed), Level = LogLevel.Information, Message = "Rehashed the password of {UserName} with {Iterations} iterations")]
    public static partial void PasswordRehashed(ILogger logger, string userName, int iterations);

    [LoggerMessage(EventId = LogEvents.RehashFailed, EventName = nameof(LogEvents.RehashFailed), Level = LogLevel.Warning, Message = "Could not rehash the password of {UserName}; will try at the next sign-in")]
    public static partial void RehashFailed(ILogger logger, string userName, Exception exception);

    [LoggerMessage(EventId = LogEvents.StaleEmailClaimReplaced, EventName = nameof(LogEvents.StaleEmailClaimReplaced), Level = LogLevel.Warning, Message = "Took over the e-mail index entry left by an unfinished change of user {PreviousOwner}")]
    public static partial void StaleEmailClaimReplaced(ILogger logger, string previousOwner);

    [LoggerMessage(EventId = LogEvents.StaleTokensRevoked, EventName = nameof(LogEvents.StaleTokensRevoked), Level = LogLevel.Information, Message = "Revoked {Count} token(s) left by an earlier user named {UserName}")]
    public static partial void StaleTokensRevoked(ILogger logger, string userName, int count);

    [LoggerMessage(EventId = LogEvents.BootstrapCreated, EventName = nameof(LogEvents.BootstrapCreated), Level = LogLevel.Information, Message = "Bootstrap administrator {UserName} created")]
    public static partial void BootstrapCreated(ILogger logger, string userName);

    [LoggerMessage(EventId = LogEvents.BootstrapExists, EventName = nameof(LogEvents.BootstrapExists), Level = LogLevel.Information, Message = "Bootstrap administrator {UserName} already exists")]
    public static partial void BootstrapExists(ILogger logger, string userName);

    [LoggerMessage(EventId = LogEvents.BootstrapPasswordNotApplied, EventName = nameof(LogEvents.BootstrapPasswordNotApplied), Level = LogLevel.Warning, Message = "Bootstrap administrator {UserName} already exists: Gatehouse:Bootstrap:Password was not applied (it is only used to create the user; if it changed, the old password is still in force). To start over locally, stop Gatehouse and delete its local data (.gatehouse/azurite).")]
    public static partial void BootstrapPasswordNotApplied(ILogger logger, string userName);

    [LoggerMessage(EventId = LogEvents.BootstrapNotConfigured, EventName = nameof(LogEvents.BootstrapNotConfigured), Level = LogLevel.Information, Message = "No bootstrap administrator configured")]
    public static partial void BootstrapNotConfigured(ILogger logger);

    [LoggerMessage(EventId = LogEvents.BootstrapWeakPasswordAccepted, EventName = nameof(LogEvents.BootstrapWeakPasswordAccepted), Level = LogLevel.Warning, Message = "The bootstrap administrator's password is weak; accepted only because the environment is Development")]
    public static partial void BootstrapWeakPasswordAccepted(ILogger logger);

    [LoggerMessage(EventId = LogEvents.HashingPriorityLowered, EventName = nameof(LogEvents.HashingPriorityLowered), Level = LogLevel.Debug, Message = "Password hashing thread {ThreadId} runs at nice {Nice}")]
    public static partial void HashingPriorityLowered(ILogger logger, int threadId, int nice);

    [LoggerMessage(EventId = LogEvents.HashingPriorityUnchanged, EventName = nameof(LogEvents.HashingPriorityUnchanged), Level = LogLevel.Warning, Message = "Password hashing runs at normal priority: {Reason}")]
    public static partial void HashingPriorityUnchanged(ILogger logger, string reason);
}
