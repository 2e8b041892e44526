using Azure;
using Gatehouse.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tokens;

/// <summary>
/// Writes a token's <c>lastUsed</c> (SPEC §7.5) at most once per <see cref="TokenOptions.LastUsedInterval"/>, so
/// validation rarely writes: not while the stored date is recent, nor while this instance has just written one. What
/// it remembers is bounded (<see cref="Capacity"/> tokens); a token forgotten costs one more write, never a wrong date.
/// </summary>
internal sealed class LastUseRecorder : IDisposable
{
    /// <summary>How many tokens' recent writes are remembered at most.</summary>
    private const int Capacity = 10_000;

    private readonly TableProvider _tables;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly MemoryCache _recorded = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public LastUseRecorder(TableProvider tables, TimeSpan interval, ILogger logger)
    {
        _tables = tables;
        _interval = interval;
        _logger = logger;
    }

    /// <summary>
    /// Records <paramref name="now"/> as the last use of <paramref name="binding"/>'s token (hashing to
    /// <paramref name="hash"/>) when it is due. True when <paramref name="now"/> is its last use from now on: the write
    /// is informational, so a failed one is logged, not thrown, and the request goes on.
    /// </summary>
    public async ValueTask<bool> RecordAsync(string hash, TokenBinding binding, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!IsDue(hash, binding.LastUsed, now))
        {
            return false;
        }

        try
        {
            await _tables.RunAsync(() => WriteAsync(hash, binding, now, cancellationToken), cancellationToken);
        }
        catch (DependencyUnavailableException)
        {
            // The token was valid when read, and the request goes on. The outage is the provider's to report, once.
        }
        catch (Exception ex) when (ex is RequestFailedException or ArgumentException)
        {
            TokensLog.TouchFailed(_logger, binding.Id, ex);
        }

        return true;
    }

    public void Dispose() => _recorded.Dispose();

    private bool IsDue(string hash, DateTimeOffset? lastUsed, DateTimeOffset now)
    {
        if (_interval <= TimeSpan.Zero)
        {
            return true;
        }

        if (lastUsed is { } stored && now - stored < _interval)
        {
            return false;
        }

        // Several requests of one instance see the same stale lastUsed at once: only one writes. The date is compared,
        // not just looked up: the cache expires entries on the system clock, the interval runs on the injected one.
        if (_recorded.TryGetValue(hash, out DateTimeOffset recorded) && now - recorded < _interval)
        {
            return false;
        }

        _recorded.Set(hash, now, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _interval });
        return true;
    }

    /// <summary>The hash row first, then the binding row: a token revoked meanwhile (hash row gone) gets neither.</summary>
    private async Task<bool> WriteAsync(string hash, TokenBinding binding, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hashes = await _tables.GetAsync(TableNames.TokenHashes, cancellationToken);
        if (!await hashes.TryMergeAsync(TokenRows.LastUsedPatch(hash, TokenRows.HashRowKey, now), cancellationToken))
        {
            return false;
        }

        var bindings = await _tables.GetAsync(TableNames.TokenBindings, cancellationToken);
        var bindingRow = TokenRows.LastUsedPatch(TokenInput.UserKey(binding.UserName), TokenInput.TripletKey(binding.ApplicationName, binding.DeviceId), now);
        return await bindings.TryMergeAsync(bindingRow, cancellationToken);
    }
}
