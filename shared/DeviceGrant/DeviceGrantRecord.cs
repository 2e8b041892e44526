namespace Gatehouse.DeviceGrant;

/// <summary>
/// A device authorization as stored (RFC 8628): keyed by the device code's hash, found by the user code's hash. Neither
/// code is kept in clear.
/// </summary>
/// <param name="DeviceCodeHash">Lower-case hex SHA-256 of the device code.</param>
/// <param name="UserCodeHash">Lower-case hex SHA-256 of the normalised user code.</param>
/// <param name="ClientId">The application name the device started with (the token's application).</param>
/// <param name="DeviceId">The token's device id.</param>
/// <param name="DeviceDescription">Free text shown with the device; optional.</param>
/// <param name="Permission">Canonical token permission (<c>TokenPermissions</c>).</param>
/// <param name="Expires">When the codes stop working.</param>
/// <param name="IntervalSeconds">How often the device may poll; raised by each <c>slow_down</c>.</param>
/// <param name="LastPoll">When the device last polled; null before its first poll.</param>
/// <param name="State">Pending, approved, denied or redeemed.</param>
/// <param name="UserName">Who approved or denied; null while pending.</param>
/// <param name="ETag">The stored version this was read at, for conditional writes; null for a record not stored yet.</param>
internal sealed record DeviceGrantRecord(
    string DeviceCodeHash,
    string UserCodeHash,
    string ClientId,
    string DeviceId,
    string? DeviceDescription,
    string Permission,
    DateTimeOffset Expires,
    int IntervalSeconds,
    DateTimeOffset? LastPoll,
    DeviceGrantState State,
    string? UserName,
    string? ETag = null);
