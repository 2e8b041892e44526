using Gatehouse.Users;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Gatehouse.Caching;

/// <summary>
/// Caches the user directory's hot reads: <see cref="GetAsync"/> (every authenticated request resolves its
/// user) and successful password checks (PBKDF2 at 600,000 iterations is too slow to repeat for every Basic
/// request of a device). A verified credential is keyed by HMAC-SHA256 under a random per-process key, so
/// the cache never holds a password or anything that checks one offline after the process is gone.
/// Changing, disabling or deleting a user through this instance drops its entries at once, and through another
/// within a feed read (<see cref="InvalidationLedger"/>).
/// </summary>
internal sealed class CachingUserDirectory : IUserDirectory, IDisposable
{
    private const string UserKeyPrefix = "user:";

    /// <summary>User keys up to this length are built on the stack; user names are at most 128 characters.</summary>
    private const int MaxStackKeyLength = 256;

    private readonly IUserDirectory _inner;
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private readonly MemoryCache _cache;
    private readonly InvalidationLedger _ledger;
    private readonly SingleFlight<(string Key, long Generation), User?> _flights = new();
    private readonly SingleFlight<(string Key, long Generation), PasswordCheck> _verifications = new();
    private readonly CredentialKeys _credentialKeys = new();

    public CachingUserDirectory(IUserDirectory inner, InvalidationLedger ledger, IOptions<CacheOptions> options, TimeProvider time)
    {
        _inner = inner;
        _ledger = ledger;
        _options = options.Value;
        _time = time;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MaxEntries, Clock = new TimeProviderClock(time) });
    }

    public ValueTask<User?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        if (_options.TokenTtl == TimeSpan.Zero)
        {
            return _inner.GetAsync(userName, cancellationToken);
        }

        // Looked up by a key built on the stack (unless the name is unusually long): a hit allocates nothing.
        var length = UserKeyPrefix.Length + userName.Length;
        Span<char> key = length <= MaxStackKeyLength ? stackalloc char[length] : new char[length];
        UserKeyPrefix.CopyTo(key);
        userName.AsSpan().ToUpperInvariant(key[UserKeyPrefix.Length..]);
        if (_cache.TryGetValue(key, out Entry? hit) && hit!.IsCurrent(_ledger, userName))
        {
            GatehouseTelemetry.LookedUp("user", hit: true);
            return ValueTask.FromResult(hit.User);
        }

        GatehouseTelemetry.LookedUp("user", hit: false);
        return LoadUserOnceAsync(key.ToString(), userName, cancellationToken);
    }

    public ValueTask<PasswordCheck> VerifyPasswordAsync(string login, string password, AttemptClient client = default, CancellationToken cancellationToken = default)
    {
        if (_options.CredentialTtl == TimeSpan.Zero)
        {
            return _inner.VerifyPasswordAsync(login, password, client, cancellationToken);
        }

        // A hit never reaches regulation or the hashing gate below: a verified credential is answered from memory.
        Span<char> key = stackalloc char[CredentialKeys.Length];
        _credentialKeys.Write(login, password, key);
        var cached = _cache.TryGetValue(key, out Entry? hit) && hit!.User is { } user && hit.IsCurrent(_ledger, user.UserName) ? user : null;
        GatehouseTelemetry.LookedUp("credential", hit: cached is not null);
        if (cached is not null)
        {
            // The chain takes this user as read (no second lookup), so it must be no staler than a looked-up one:
            // past TokenTtl it is looked up again, and a user disabled by another instance is seen as soon as ever.
            return _time.GetUtcNow() - hit!.StoredAt <= _options.TokenTtl
                ? ValueTask.FromResult(PasswordCheck.Verified(cached))
                : VerifiedAgainAsync(cached.UserName, cancellationToken);
        }

        return VerifyOnceAsync(key.ToString(), login, password, client, cancellationToken);
    }

    private async ValueTask<PasswordCheck> VerifiedAgainAsync(string userName, CancellationToken cancellationToken) =>
        await GetAsync(userName, cancellationToken) is { } user ? PasswordCheck.Verified(user) : PasswordCheck.Refused();

    /// <summary>
    /// One verification per credential at a time: when a cached credential expires under load, every request
    /// presenting it would otherwise pay PBKDF2 at once (16 connections: 16 hashes, seconds of both cores), and
    /// take 16 of the hashing gate's slots. Concurrent attempts share the first one's client address.
    /// Apart from <see cref="VerifyPasswordAsync"/> so that the hit path allocates no closure.
    /// </summary>
    private ValueTask<PasswordCheck> VerifyOnceAsync(string key, string login, string password, AttemptClient client, CancellationToken cancellationToken)
    {
        var generation = _ledger.Generation;
        return new ValueTask<PasswordCheck>(_verifications.RunAsync((key, generation), () => VerifyAndRememberAsync(key, login, password, client, generation), cancellationToken));
    }

    private async Task<PasswordCheck> VerifyAndRememberAsync(string key, string login, string password, AttemptClient client, long generation)
    {
        // Shared by every waiting caller: none of their cancellations may cancel it (the hash is bounded work).
        var check = await _inner.VerifyPasswordAsync(login, password, client, CancellationToken.None);

        // Only successes are kept: a wrong password is re-checked (and costs PBKDF2) every time.
        if (check.User is { } user)
        {
            Store(key, user, _ledger.StampOf(user.UserName), generation, _options.CredentialTtl);
        }

        return check;
    }

    public ValueTask<User?> FindByLoginAsync(string login, CancellationToken cancellationToken = default) =>
        _inner.FindByLoginAsync(login, cancellationToken);

    public Task<bool> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);

        // A cached "no such user" must not outlive the user's creation.
        return _ledger.InvalidateAfterAsync(user.UserName, FeedReasons.UserCreated, () => _inner.CreateAsync(user, cancellationToken));
    }

    public Task<UserUpdateResult> UpdateAsync(string userName, UserUpdate update, CancellationToken cancellationToken = default) =>
        _ledger.InvalidateAfterAsync(userName, FeedReasons.UserUpdated, () => _inner.UpdateAsync(userName, update, cancellationToken));

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);

    public Task<bool> SetEnabledAsync(string userName, bool enabled, CancellationToken cancellationToken = default) =>
        _ledger.InvalidateAfterAsync(userName, FeedReasons.EnabledChanged, () => _inner.SetEnabledAsync(userName, enabled, cancellationToken));

    public Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken = default) =>
        _ledger.InvalidateAfterAsync(userName, FeedReasons.PasswordChanged, () => _inner.SetPasswordAsync(userName, password, cancellationToken));

    public Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken = default) =>
        _ledger.InvalidateAfterAsync(userName, FeedReasons.UserDeleted, () => _inner.DeleteAsync(userName, cancellationToken));

    public void Dispose()
    {
        _cache.Dispose();
        _credentialKeys.Dispose();
    }

    /// <summary>
    /// The miss path, apart from <see cref="GetAsync"/> because its lambda's closure would otherwise be
    /// allocated on entry to every call, hits included.
    /// </summary>
    private ValueTask<User?> LoadUserOnceAsync(string key, string userName, CancellationToken cancellationToken)
    {
        var generation = _ledger.Generation;
        return new ValueTask<User?>(_flights.RunAsync((key, generation), () => LoadUserAsync(key, userName, generation), cancellationToken));
    }

    private async Task<User?> LoadUserAsync(string key, string userName, long generation)
    {
        var user = await _inner.GetAsync(userName, CancellationToken.None);
        Store(key, user, _ledger.StampOf(userName), generation, user is null ? _options.NegativeTtl : _options.TokenTtl);
        return user;
    }

    private void Store(string key, User? user, long stamp, long generation, TimeSpan ttl)
    {
        // A change that ran while the directory was being read may not be reflected in what it returned.
        if (ttl > TimeSpan.Zero && _ledger.Generation == generation)
        {
            var now = _time.GetUtcNow();
            _cache.Set(key, new Entry(user, stamp, now), new MemoryCacheEntryOptions { AbsoluteExpiration = now + ttl, Size = 1 });
        }
    }

    private sealed record Entry(User? User, long Stamp, DateTimeOffset StoredAt)
    {
        public bool IsCurrent(InvalidationLedger ledger, string userName) =>
            ledger.IsTrusted(StoredAt.UtcTicks) && ledger.StampOf(userName) == Stamp;
    }
}
