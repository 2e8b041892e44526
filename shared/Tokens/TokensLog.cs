using Microsoft.Extensions.Logging;

namespace Gatehouse.Tokens;

/// <summary>Token service log lines. Binding ids only: never a token or its hash.</summary>
internal static partial class TokensLog
{
    [LoggerMessage(EventId = LogEvents.TokenIssued, EventName = nameof(LogEvents.TokenIssued), Level = LogLevel.Information, Message = "Handed out the token of binding {BindingId}: user {UserName}, application {ApplicationName}, device {DeviceId} (new binding: {Created})")]
    public static partial void Issued(ILogger logger, string bindingId, string userName, string applicationName, string deviceId, bool created);

    [LoggerMessage(EventId = LogEvents.TokenRevoked, EventName = nameof(LogEvents.TokenRevoked), Level = LogLevel.Information, Message = "Revoked token binding {BindingId} of user {UserName}")]
    public static partial void Revoked(ILogger logger, string bindingId, string userName);

    [LoggerMessage(EventId = LogEvents.TokenReplacing, EventName = nameof(LogEvents.TokenReplacing), Level = LogLevel.Information, Message = "Replacing token binding {BindingId} of user {UserName}: {Reason}")]
    public static partial void Replacing(ILogger logger, string bindingId, string userName, string reason);

    [LoggerMessage(EventId = LogEvents.TokenRenewed, EventName = nameof(LogEvents.TokenRenewed), Level = LogLevel.Information, Message = "Renewed token binding {BindingId} of user {UserName} until {ExpiresAt}")]
    public static partial void Renewed(ILogger logger, string bindingId, string userName, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = LogEvents.TokenTouchFailed, EventName = nameof(LogEvents.TokenTouchFailed), Level = LogLevel.Warning, Message = "Could not record the last use of token binding {BindingId}")]
    public static partial void TouchFailed(ILogger logger, string bindingId, Exception exception);
}
