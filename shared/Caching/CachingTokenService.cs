using System.Security.Cryptography;
using System.Text;
using Gatehouse.Tokens;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Gatehouse.Caching;

/// <summary>
/// Caches token lookups, the authorizer's hot path, in front of the real <see cref="ITokenService"/>.
/// Keys are SHA-256 of the token (a heap dump does not hold the tokens). Valid decisions live
/// <see cref="CacheOptions.TokenTtl"/> but never past the binding's <c>expiresAt</c>; unknown tokens live
/// <see cref="CacheOptions.NegativeTtl"/>; malformed ones are not cached. Revoking through this instance
/// invalidates the user's cached tokens at once, and through another within a feed read (<see cref="InvalidationLedger"/>);
/// concurrent misses for one token share one lookup.
/// </summary>
internal sealed class CachingTokenService : ITokenService, IDisposable
{
    /// <summary>No token is longer; anything longer, or not printable ASCII, is malformed without a lookup.</summary>
    internal const int MaxTokenLength = 512;

    /// <summary>The length of a key: base64 of a SHA-256 hash.</summary>
    private const int KeyLength = (SHA256.HashSizeInBytes + 2) / 3 * 4;

    private readonly ITokenService _inner;
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private readonly MemoryCache _cache;
    private readonly InvalidationLedger _ledger;
    private readonly SingleFlight<(string Key, long Generation), TokenValidation> _flights = new();

    public CachingTokenService(ITokenService inner, InvalidationLedger ledger, IOptions<CacheOptions> options, TimeProvider time)
    {
        _inner = inner;
        _ledger = ledger;
        _options = options.Value;
        _time = time;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MaxEntries, Clock = new TimeProviderClock(time) });
    }

    public ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!IsPlausible(token))
        {
            return ValueTask.FromResult(TokenValidation.Malformed);
        }

        if (_options.TokenTtl == TimeSpan.Zero)
        {
            return _inner.ValidateAsync(token, cancellationToken);
        }

        // Looked up by a key built on the stack: a hit allocates nothing.
        Span<char> key = stackalloc char[KeyLength];
        WriteKey(token, key);
        if (_cache.TryGetValue(key, out Entry? hit) && hit!.IsCurrent(_ledger))
        {
            GatehouseTelemetry.LookedUp("token", hit: true);
            return ValueTask.FromResult(hit.Validation);
        }

        GatehouseTelemetry.LookedUp("token", hit: false);
        return LoadOnceAsync(key.ToString(), token, cancellationToken);
    }

    public async Task<IssuedToken> AcquireAsync(TokenRequest request, CancellationToken cancellationToken = default)
    {
        var issued = await _inner.AcquireAsync(request, cancellationToken);

        // A token looked up (and found unknown) before it was issued — e.g. re-derived for a triplet
        // after a revocation — must not stay unknown.
        if (IsPlausible(issued.Token))
        {
            _cache.Remove(KeyOf(issued.Token));
        }

        return issued;
    }

    public Task<bool> RevokeAsync(string userName, string applicationName, string deviceId, CancellationToken cancellationToken = default) =>
        _ledger.InvalidateAfterAsync(userName, FeedReasons.TokenRevoked, () => _inner.RevokeAsync(userName, applicationName, deviceId, cancellationToken));

    public Task<bool> RevokeByIdAsync(string userName, string id, CancellationToken cancellationToken = default) =>
        _ledger.InvalidateAfterAsync(userName, FeedReasons.TokenRevoked, () => _inner.RevokeByIdAsync(userName, id, cancellationToken));

    public Task<int> RevokeAllAsync(string userName, CancellationToken cancellationToken = default) =>
        _ledger.InvalidateAfterAsync(userName, FeedReasons.TokenRevoked, () => _inner.RevokeAllAsync(userName, cancellationToken));

    // Cached validations carry the old expiry.
    public Task<TokenRenewal> RenewAsync(string userName, string id, CancellationToken cancellationToken = default) =>
        _ledger.InvalidateAfterAsync(userName, FeedReasons.TokenRenewed, () => _inner.RenewAsync(userName, id, cancellationToken));

    public Task<IReadOnlyList<TokenBinding>> ListAsync(string userName, string? applicationName = null, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(userName, applicationName, cancellationToken);

    public Task<TokenBinding?> GetByIdAsync(string userName, string id, CancellationToken cancellationToken = default) =>
        _inner.GetByIdAsync(userName, id, cancellationToken);

    public Task<IssuedToken?> ReissueAsync(string userName, string id, CancellationToken cancellationToken = default) =>
        _inner.ReissueAsync(userName, id, cancellationToken);

    public void Dispose() => _cache.Dispose();

    /// <summary>
    /// The miss path, apart from <see cref="ValidateAsync"/> because its lambda's closure would otherwise be
    /// allocated on entry to every call, hits included.
    /// </summary>
    private ValueTask<TokenValidation> LoadOnceAsync(string key, string token, CancellationToken cancellationToken)
    {
        var generation = _ledger.Generation;
        return new ValueTask<TokenValidation>(_flights.RunAsync((key, generation), () => LoadAsync(key, token, generation), cancellationToken));
    }

    private async Task<TokenValidation> LoadAsync(string key, string token, long generation)
    {
        var validation = await _inner.ValidateAsync(token, CancellationToken.None);
        var user = validation.Binding?.UserName;
        var stamp = user is null ? 0 : _ledger.StampOf(user);
        if (validation.Status == TokenStatus.Malformed || _ledger.Generation != generation)
        {
            // Malformed: nothing worth keeping. Generation moved: a revocation ran during the lookup.
            return validation;
        }

        var now = _time.GetUtcNow();
        var expiresAt = now + (validation.Status == TokenStatus.Unknown ? _options.NegativeTtl : _options.TokenTtl);
        if (validation is { Status: TokenStatus.Valid, Binding.ExpiresAt: { } bindingExpiry } && bindingExpiry < expiresAt)
        {
            // The cache never outlives the binding: expiry is enforced on cached hits too.
            expiresAt = bindingExpiry;
        }

        if (expiresAt > now)
        {
            _cache.Set(key, new Entry(validation, user, stamp, now.UtcTicks), new MemoryCacheEntryOptions { AbsoluteExpiration = expiresAt, Size = 1 });
        }

        return validation;
    }

    private static bool IsPlausible(string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= MaxTokenLength && !token.AsSpan().ContainsAnyExceptInRange('!', '~');

    /// <summary>The key as a string, to store or remove an entry.</summary>
    private static string KeyOf(string token)
    {
        Span<char> key = stackalloc char[KeyLength];
        WriteKey(token, key);
        return key.ToString();
    }

    /// <summary>Base64 of the SHA-256 of the (printable ASCII) token into <paramref name="key"/>, without heap copies of the token.</summary>
    private static void WriteKey(string token, Span<char> key)
    {
        Span<byte> bytes = stackalloc byte[MaxTokenLength];
        var length = Encoding.ASCII.GetBytes(token, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..length], hash);
        Convert.TryToBase64Chars(hash, key, out _);
    }

    private sealed record Entry(TokenValidation Validation, string? UserName, long Stamp, long StoredAtTicks)
    {
        public bool IsCurrent(InvalidationLedger ledger) =>
            ledger.IsTrusted(StoredAtTicks) && (UserName is null || ledger.StampOf(UserName) == Stamp);
    }
}
