namespace Gatehouse.DeviceGrant;

/// <summary>What a device asks to be authorized for: the token's application, device and permission.</summary>
internal sealed record DeviceGrantStart(string ClientId, string DeviceId, string? DeviceDescription, string Permission);

/// <summary>The codes handed to the device, in clear this once.</summary>
internal sealed record DeviceGrantIssued(string DeviceCode, string UserCode, TimeSpan ExpiresIn, int IntervalSeconds);
