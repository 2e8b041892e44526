using Microsoft.Extensions.Logging;

namespace Gatehouse.DeviceGrant;

/// <summary>
/// The Device Authorization Grant's rules (RFC 8628, SPEC §12): a start hands out the codes, the user approves or
/// denies a pending user code, and the device's poll redeems an approval exactly once. Every state change is
/// conditional on the version read, so racing pollers or decisions never both win.
/// </summary>
internal sealed partial class DeviceGrants(IDeviceGrantStore store, TimeProvider time, ILogger<DeviceGrants> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public const int MinimumInterval = 5;

    /// <summary>RFC 8628 §3.5: every <c>slow_down</c> adds 5 seconds to the interval.</summary>
    public const int SlowDownStep = 5;

    private const int UserCodeAttempts = 5;

    public async Task<DeviceGrantIssued> StartAsync(DeviceGrantStart start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        var expires = time.GetUtcNow() + Lifetime;
        for (var attempt = 0; attempt < UserCodeAttempts; attempt++)
        {
            var deviceCode = DeviceCodes.NewDeviceCode();
            var userCode = DeviceCodes.NewUserCode();
            var record = new DeviceGrantRecord(
                DeviceCodes.Hash(deviceCode), DeviceCodes.Hash(DeviceCodes.NormaliseUserCode(userCode)!), start.ClientId, start.DeviceId,
                start.DeviceDescription, start.Permission, expires, MinimumInterval, null, DeviceGrantState.Pending, null);
            if (await store.TryAddAsync(record, cancellationToken))
            {
                LogStarted(logger, start.ClientId, start.DeviceId);
                return new DeviceGrantIssued(deviceCode, userCode, Lifetime, MinimumInterval);
            }
        }

        // 20^8 codes, a few thousand live at most: five collisions in a row mean something else is wrong.
        throw new InvalidOperationException("No free user code after " + UserCodeAttempts + " attempts.");
    }

    /// <summary>The pending, unexpired authorization of the user code as typed, or null.</summary>
    public async Task<DeviceGrantRecord?> FindPendingAsync(string? typedUserCode, CancellationToken cancellationToken = default) =>
        DeviceCodes.NormaliseUserCode(typedUserCode) is { } code
        && await store.FindByUserCodeAsync(DeviceCodes.Hash(code), cancellationToken) is { State: DeviceGrantState.Pending } grant
        && grant.Expires > time.GetUtcNow()
            ? grant
            : null;

    /// <summary>The user's approval or denial of the user code as typed.</summary>
    public async Task<DeviceDecision> DecideAsync(string? typedUserCode, string userName, bool approve, CancellationToken cancellationToken = default)
    {
        if (DeviceCodes.NormaliseUserCode(typedUserCode) is not { } code
            || await store.FindByUserCodeAsync(DeviceCodes.Hash(code), cancellationToken) is not { } grant
            || grant.Expires <= time.GetUtcNow())
        {
            return DeviceDecision.Unknown;
        }

        // A poll may have moved LastPoll in between: read again and retry while it is still pending.
        while (grant.State == DeviceGrantState.Pending)
        {
            var decided = grant with { State = approve ? DeviceGrantState.Approved : DeviceGrantState.Denied, UserName = userName };
            if (await store.TryReplaceAsync(decided, cancellationToken))
            {
                LogDecided(logger, userName, approve, grant.ClientId, grant.DeviceId);
                return DeviceDecision.Decided;
            }

            if (await store.FindByDeviceCodeAsync(grant.DeviceCodeHash, cancellationToken) is not { } again)
            {
                return DeviceDecision.Unknown;
            }

            grant = again;
        }

        return DeviceDecision.AlreadyDecided;
    }

    /// <summary>The device's poll with its device code and client id.</summary>
    public async Task<DevicePoll> PollAsync(string deviceCode, string clientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceCode);
        if (await store.FindByDeviceCodeAsync(DeviceCodes.Hash(deviceCode), cancellationToken) is not { } grant)
        {
            return new(DevicePollKind.Invalid);
        }

        if (!string.Equals(grant.ClientId, clientId, StringComparison.Ordinal))
        {
            return new(DevicePollKind.WrongClient);
        }

        var now = time.GetUtcNow();
        if (grant.State == DeviceGrantState.Redeemed)
        {
            return new(DevicePollKind.Invalid);
        }

        if (grant.Expires <= now)
        {
            return new(DevicePollKind.Expired);
        }

        switch (grant.State)
        {
            case DeviceGrantState.Denied:
                return new(DevicePollKind.Denied);
            case DeviceGrantState.Approved:
                // Of racing pollers only the one whose write lands first gets the token.
                return await store.TryReplaceAsync(grant with { State = DeviceGrantState.Redeemed, LastPoll = now }, cancellationToken)
                    ? new(DevicePollKind.Approved, grant)
                    : new(DevicePollKind.Invalid);
            default:
                var tooSoon = grant.LastPoll is { } last && now - last < TimeSpan.FromSeconds(grant.IntervalSeconds);
                var polled = grant with { LastPoll = now, IntervalSeconds = tooSoon ? grant.IntervalSeconds + SlowDownStep : grant.IntervalSeconds };

                // Lost to a decision or another poll: this poll's answer stands, the next one reads the new state.
                await store.TryReplaceAsync(polled, cancellationToken);
                return new(tooSoon ? DevicePollKind.SlowDown : DevicePollKind.Pending);
        }
    }

    [LoggerMessage(EventId = LogEvents.DeviceGrantStarted, EventName = nameof(LogEvents.DeviceGrantStarted), Level = LogLevel.Information, Message = "Device grant: started for {ClientId} on {DeviceId}")]
    private static partial void LogStarted(ILogger logger, string clientId, string deviceId);

    [LoggerMessage(EventId = LogEvents.DeviceGrantDecided, EventName = nameof(LogEvents.DeviceGrantDecided), Level = LogLevel.Information, Message = "Device grant: {User} decided (approved: {Approved}) for {ClientId} on {DeviceId}")]
    private static partial void LogDecided(ILogger logger, string user, bool approved, string clientId, string deviceId);
}
