namespace Gatehouse.Functions.Directory;

/// <summary>The directory API's log lines: who changed whom, never a password.</summary>
internal static partial class DirectoryLog
{
    [LoggerMessage(EventId = LogEvents.DirectoryUserCreated, EventName = nameof(LogEvents.DirectoryUserCreated), Level = LogLevel.Information, Message = "Directory: {Actor} created user {User}")]
    public static partial void UserCreated(ILogger logger, string actor, string user);

    [LoggerMessage(EventId = LogEvents.DirectoryUserUpdated, EventName = nameof(LogEvents.DirectoryUserUpdated), Level = LogLevel.Information, Message = "Directory: {Actor} updated user {User} (password changed: {PasswordChanged}, enabled: {Enabled})")]
    public static partial void UserUpdated(ILogger logger, string actor, string user, bool passwordChanged, bool? enabled);

    [LoggerMessage(EventId = LogEvents.DirectoryUserDeleted, EventName = nameof(LogEvents.DirectoryUserDeleted), Level = LogLevel.Information, Message = "Directory: {Actor} deleted user {User}")]
    public static partial void UserDeleted(ILogger logger, string actor, string user);

    [LoggerMessage(EventId = LogEvents.DirectoryPasswordChanged, EventName = nameof(LogEvents.DirectoryPasswordChanged), Level = LogLevel.Information, Message = "Directory: {User} changed their password")]
    public static partial void PasswordChanged(ILogger logger, string user);

    [LoggerMessage(EventId = LogEvents.DirectoryPasswordChangeRefused, EventName = nameof(LogEvents.DirectoryPasswordChangeRefused), Level = LogLevel.Information, Message = "Directory: {User} gave a wrong current password to change it")]
    public static partial void PasswordChangeRefused(ILogger logger, string user);

    [LoggerMessage(EventId = LogEvents.DirectoryGroupCreated, EventName = nameof(LogEvents.DirectoryGroupCreated), Level = LogLevel.Information, Message = "Directory: {Actor} created group {Group}")]
    public static partial void GroupCreated(ILogger logger, string actor, string group);

    [LoggerMessage(EventId = LogEvents.DirectoryGroupUpdated, EventName = nameof(LogEvents.DirectoryGroupUpdated), Level = LogLevel.Information, Message = "Directory: {Actor} updated group {Group}")]
    public static partial void GroupUpdated(ILogger logger, string actor, string group);

    [LoggerMessage(EventId = LogEvents.DirectoryGroupDeleted, EventName = nameof(LogEvents.DirectoryGroupDeleted), Level = LogLevel.Information, Message = "Directory: {Actor} deleted group {Group}")]
    public static partial void GroupDeleted(ILogger logger, string actor, string group);

    [LoggerMessage(EventId = LogEvents.DirectoryMemberAdded, EventName = nameof(LogEvents.DirectoryMemberAdded), Level = LogLevel.Information, Message = "Directory: {Actor} put {User} in group {Group}")]
    public static partial void MemberAdded(ILogger logger, string actor, string group, string user);

    [LoggerMessage(EventId = LogEvents.DirectoryMemberRemoved, EventName = nameof(LogEvents.DirectoryMemberRemoved), Level = LogLevel.Information, Message = "Directory: {Actor} took {User} out of group {Group}")]
    public static partial void MemberRemoved(ILogger logger, string actor, string group, string user);

    [LoggerMessage(EventId = LogEvents.DirectoryFirstAdministratorKept, EventName = nameof(LogEvents.DirectoryFirstAdministratorKept), Level = LogLevel.Warning, Message = "Directory: refused {Actor}'s change: {Reason}")]
    public static partial void FirstAdministratorKept(ILogger logger, string actor, string reason);

    [LoggerMessage(EventId = LogEvents.DirectoryGroupCreationUndone, EventName = nameof(LogEvents.DirectoryGroupCreationUndone), Level = LogLevel.Information, Message = "Directory: group {Group} was deleted again: member user {User} vanished while it was created")]
    public static partial void GroupCreationUndone(ILogger logger, string group, string user);
}
