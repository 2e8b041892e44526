namespace Gatehouse.DeviceGrant;

/// <summary>The answer to a device's poll (RFC 8628 §3.5). Only <see cref="DevicePollKind.Approved"/> carries the grant, redeemed by this very poll.</summary>
internal sealed record DevicePoll(DevicePollKind Kind, DeviceGrantRecord? Grant = null);

internal enum DevicePollKind
{
    Pending,
    SlowDown,
    Denied,
    Expired,

    /// <summary>Unknown, or already redeemed.</summary>
    Invalid,

    /// <summary>Another client than the one that started.</summary>
    WrongClient,
    Approved,
}

/// <summary>The outcome of the user's decision on a user code.</summary>
internal enum DeviceDecision
{
    Decided,

    /// <summary>No such code, or it expired: the user is told to start again on the device.</summary>
    Unknown,

    /// <summary>Approved or denied before.</summary>
    AlreadyDecided,
}
