using Microsoft.Extensions.Logging;

namespace Gatehouse.Tokens;

/// <summary>Token service log lines (event ids 2200–2299). Binding ids only: never a token or its hash.</summary>
internal static partial class TokensLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Issued token binding {BindingId} for user {UserName}, application {ApplicationName}")]
    public static partial void Issued(ILogger logger, string bindingId, string userName, string applicationName);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Revoked token binding {BindingId} of user {UserName}")]
    public static partial void Revoked(ILogger logger, string bindingId, string userName);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Replacing token binding {BindingId} of user {UserName}: {Reason}")]
    public static partial void Replacing(ILogger logger, string bindingId, string userName, string reason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Renewed token binding {BindingId} of user {UserName} until {ExpiresAt}")]
    public static partial void Renewed(ILogger logger, string bindingId, string userName, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Could not record the last use of token binding {BindingId}")]
    public static partial void TouchFailed(ILogger logger, string bindingId, Exception exception);
}
