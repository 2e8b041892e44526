namespace Gatehouse.Plugins;

/// <summary>
/// Remembers one-time values across instances so a signed request cannot be replayed
/// (PORTAL_AUTH's <c>(ts, rd, user)</c>, SPEC §5.3). Outages throw <see cref="DependencyUnavailableException"/>.
/// </summary>
public interface INonceStore
{
    /// <summary>Claims <paramref name="nonce"/> until <paramref name="expiresAt"/>; false when it was already claimed and has not expired.</summary>
    ValueTask<bool> TryClaimAsync(string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
