namespace Gatehouse.DeviceGrant;

/// <summary>Where a device authorization stands: pending, then approved or denied by the user, an approval redeemed once.</summary>
internal enum DeviceGrantState
{
    Pending,
    Approved,
    Denied,
    Redeemed,
}
