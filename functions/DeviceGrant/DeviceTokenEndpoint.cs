using Gatehouse.DeviceGrant;
using Gatehouse.Functions.Http;
using Gatehouse.Tokens;

namespace Gatehouse.Functions.DeviceGrant;

/// <summary>
/// <c>POST /oauth2/token</c> with <c>grant_type=urn:ietf:params:oauth:grant-type:device_code</c> (RFC 8628 §3.4,
/// SPEC §12): the device's poll. An approval is redeemed once, for the token of (user, <c>client_id</c>, device id);
/// every other answer is an RFC 8628 §3.5 / RFC 6749 §5.2 error.
/// </summary>
internal sealed partial class DeviceTokenEndpoint(DeviceGrants grants, ITokenService tokens, TimeProvider time, ILogger<DeviceTokenEndpoint> logger)
{
    public const string DeviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code";

    public async Task HandleAsync(HttpContext context)
    {
        if (await OAuthResponses.ReadFormAsync(context) is not { } form)
        {
            return;
        }

        if (form.Field("grant_type") is not { } grantType)
        {
            await OAuthResponses.ErrorAsync(context, "invalid_request", "grant_type is required");
            return;
        }

        if (grantType != DeviceCodeGrantType)
        {
            await OAuthResponses.ErrorAsync(context, "unsupported_grant_type", "the only grant type is " + DeviceCodeGrantType);
            return;
        }

        if (form.Field("device_code") is not { } deviceCode || form.Field("client_id") is not { } clientId)
        {
            await OAuthResponses.ErrorAsync(context, "invalid_request", "device_code and client_id are required");
            return;
        }

        var poll = await grants.PollAsync(deviceCode, clientId, context.RequestAborted);
        switch (poll.Kind)
        {
            case DevicePollKind.Pending:
                await OAuthResponses.ErrorAsync(context, "authorization_pending", "the user has not approved yet");
                return;
            case DevicePollKind.SlowDown:
                await OAuthResponses.ErrorAsync(context, "slow_down", "polled faster than the interval; it is now " + DeviceGrants.SlowDownStep + " seconds longer");
                return;
            case DevicePollKind.Denied:
                await OAuthResponses.ErrorAsync(context, "access_denied", "the user denied the request");
                return;
            case DevicePollKind.Expired:
                await OAuthResponses.ErrorAsync(context, "expired_token", "the device code has expired; start again");
                return;
            case DevicePollKind.WrongClient:
                await OAuthResponses.ErrorAsync(context, "invalid_client", "client_id is not the one this device code was issued to");
                return;
            case DevicePollKind.Approved when poll.Grant is { UserName: { } user } grant:
                var issued = await tokens.AcquireAsync(new TokenRequest(user, grant.ClientId, grant.DeviceId, grant.DeviceDescription, grant.Permission), context.RequestAborted);
                LogRedeemed(logger, user, grant.ClientId, grant.DeviceId, issued.Created);
                var remaining = issued.Binding.ExpiresAt is { } end ? (long?)Math.Max(0, (long)(end - time.GetUtcNow()).TotalSeconds) : null;
                await OAuthResponses.JsonAsync(context, StatusCodes.Status200OK, new AccessTokenJson(issued.Token, "Bearer", remaining), GatehouseJsonContext.Default.AccessTokenJson);
                return;
            default:
                await OAuthResponses.ErrorAsync(context, "invalid_grant", "the device code is unknown or was already used");
                return;
        }
    }

    [LoggerMessage(EventId = LogEvents.DeviceGrantRedeemed, EventName = nameof(LogEvents.DeviceGrantRedeemed), Level = LogLevel.Information, Message = "Device grant: token for {User} handed to {ClientId} on {DeviceId} (new binding: {Created})")]
    private static partial void LogRedeemed(ILogger logger, string user, string clientId, string deviceId, bool created);
}
