namespace Gatehouse.DeviceGrant;

/// <summary>
/// Where device authorizations are kept. State changes are conditional on the version read, so of two pollers
/// redeeming one approval only one succeeds. Outages throw <see cref="DependencyUnavailableException"/>.
/// </summary>
internal interface IDeviceGrantStore
{
    /// <summary>Stores a new authorization; false when its user code is taken (the caller draws another).</summary>
    ValueTask<bool> TryAddAsync(DeviceGrantRecord record, CancellationToken cancellationToken = default);

    /// <summary>The authorization of this device code hash, with its ETag, or null.</summary>
    ValueTask<DeviceGrantRecord?> FindByDeviceCodeAsync(string deviceCodeHash, CancellationToken cancellationToken = default);

    /// <summary>The authorization of this user code hash, with its ETag, or null.</summary>
    ValueTask<DeviceGrantRecord?> FindByUserCodeAsync(string userCodeHash, CancellationToken cancellationToken = default);

    /// <summary>Replaces the record read with <paramref name="record"/>'s ETag; false when it changed or went since.</summary>
    ValueTask<bool> TryReplaceAsync(DeviceGrantRecord record, CancellationToken cancellationToken = default);
}
