using System.Net;
using System.Net.Sockets;
using Gatehouse.Users;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Regulation;

/// <summary>
/// Authelia's regulation (SPEC §10): <see cref="RegulationOptions.MaxRetries"/> failed password checks for one
/// login, or from one client address, within <see cref="RegulationOptions.FindTime"/> ban it for
/// <see cref="RegulationOptions.BanTime"/>. Failures are counted in memory, per instance; a ban is written to the
/// <see cref="IBanStore"/> once, when a count trips, and read by every instance before it would check a password.
/// </summary>
/// <remarks>
/// <para>
/// A login is counted by the account it names: a user's name and e-mail address, in any case, are one login,
/// and a ban covers both. A login nobody has is counted and banned the same way, so bans say nothing about which
/// logins exist. A success resets the count of its login (not of its address: one account of one's own must
/// not buy more guesses at others'). An unknown address (no peer, or only trusted gateways) is never counted:
/// it would be the gateway's, and banning it would ban everyone behind it. IPv6 addresses count by /64, the
/// block one subscriber gets.
/// </para>
/// <para>
/// Memory is bounded: entries are created only by checks that got past the hashing gate, and each cache holds at
/// most <see cref="MaxEntries"/>, least recently used first out. "Not banned" is remembered for
/// <see cref="NotBannedTtl"/>, so a ban another instance writes is honoured here within that time.
/// </para>
/// </remarks>
internal sealed class Regulator : IDisposable
{
    /// <summary>How long a ban read as absent is believed before storage is asked again.</summary>
    public static readonly TimeSpan NotBannedTtl = TimeSpan.FromSeconds(2);

    /// <summary>Entries per cache (failure counts, bans seen).</summary>
    public const int MaxEntries = 50_000;

    private const string LoginPrefix = "login:";
    private const string AddressPrefix = "address:";

    /// <summary>Counts a user's second-factor failures; never banned itself (the user's logins are).</summary>
    private const string SecondFactorPrefix = "second-factor:";
    private const string LoginBanned = "too many failed sign-ins for this login";
    private const string AddressBanned = "too many failed sign-ins from this address";

    private readonly RegulationOptions _options;
    private readonly IBanStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<Regulator> _logger;
    private readonly MemoryCache _failures;
    private readonly MemoryCache _bans;

    public Regulator(IOptions<RegulationOptions> options, IBanStore store, TimeProvider time, ILogger<Regulator> logger)
    {
        _options = options.Value;
        _store = store;
        _time = time;
        _logger = logger;
        _failures = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxEntries, Clock = new TimeProviderClock(time) });
        _bans = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxEntries, Clock = new TimeProviderClock(time) });
    }

    /// <summary>The key a login is counted and banned under: its lower-case form.</summary>
    public static string LoginKey(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return LoginPrefix + login.ToLowerInvariant();
    }

    private static string SecondFactorKey(string userName) => SecondFactorPrefix + userName.ToLowerInvariant();

    /// <summary>The key a client address is counted and banned under; null for an unknown address (never counted).</summary>
    public static string? AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressPrefix + address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return AddressPrefix + new IPAddress(bytes) + "/64";
    }

    /// <summary>A ban this instance already knows of (no storage call), or null.</summary>
    public Ban? KnownBan(string loginKey, string? addressKey)
    {
        var now = _time.GetUtcNow();
        return Longest(Remembered(loginKey, now, LoginBanned), addressKey is null ? null : Remembered(addressKey, now, AddressBanned));
    }

    /// <summary>
    /// A ban on the login or the address, asking storage for what this instance has not seen lately.
    /// Throws <see cref="DependencyUnavailableException"/> when storage cannot answer: no check without it.
    /// </summary>
    public async ValueTask<Ban?> CheckAsync(string loginKey, string? addressKey, CancellationToken cancellationToken)
    {
        // Both rows at once: a check costs one round trip, not two; what was seen lately is not read again.
        var states = await Task.WhenAll(
            StateAsync(loginKey, cancellationToken),
            addressKey is null ? Task.FromResult<BanState?>(null) : StateAsync(addressKey, cancellationToken));
        var now = _time.GetUtcNow();
        return Longest(Remaining(states[0], now, LoginBanned), Remaining(states[1], now, AddressBanned));
    }

    /// <summary>A password matched: its login starts counting afresh.</summary>
    public void Succeeded(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _failures.Remove(LoginKey(user.UserName));
    }

    /// <summary>
    /// A password did not match: counts it for the login's account and the address, and bans whichever reached
    /// <see cref="RegulationOptions.MaxRetries"/>. The ban holds here at once; writing it for the other instances
    /// throws <see cref="DependencyUnavailableException"/> when storage is down.
    /// </summary>
    public ValueTask FailedAsync(string loginKey, string? addressKey, PasswordCheck refused, CancellationToken cancellationToken)
    {
        var account = refused.ClaimedUserName is { } owner ? LoginKey(owner) : loginKey;
        return CountAsync(account, [account, loginKey, refused.ClaimedEmail is { } email ? LoginKey(email) : null], addressKey, cancellationToken);
    }

    /// <summary>
    /// A second-factor code (or recovery code) did not match for <paramref name="userName"/>, who had passed the
    /// password: counted like a wrong password, for the user and the address, and banning the same subjects (the
    /// user's logins, by name and by <paramref name="email"/>, and the address) for the same time. It counts apart
    /// from the login's password failures: a right password resets those (<see cref="Succeeded"/>), and must not
    /// buy the holder of a stolen password more guesses at the code.
    /// </summary>
    public ValueTask SecondFactorFailedAsync(string userName, string? email, string? addressKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return CountAsync(SecondFactorKey(userName), [LoginKey(userName), email is null ? null : LoginKey(email)], addressKey, cancellationToken);
    }

    /// <summary>A second-factor code matched: the user's code guesses start counting afresh (the address's do not).</summary>
    public void SecondFactorSucceeded(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        _failures.Remove(SecondFactorKey(userName));
    }

    public void Dispose()
    {
        _failures.Dispose();
        _bans.Dispose();
    }

    /// <summary>
    /// Counts one failure for <paramref name="counted"/> and <paramref name="addressKey"/>; when the count trips, bans
    /// <paramref name="bannedWith"/> (duplicates and nulls skipped), and the address when its own count trips.
    /// </summary>
    private async ValueTask CountAsync(string counted, string?[] bannedWith, string? addressKey, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var banned = new List<string>(bannedWith.Length + 1);
        if (Count(counted, now))
        {
            foreach (var subject in bannedWith)
            {
                if (subject is not null && !banned.Contains(subject))
                {
                    banned.Add(subject);
                }
            }
        }

        if (addressKey is not null && Count(addressKey, now))
        {
            banned.Add(addressKey);
        }

        if (banned.Count == 0)
        {
            return;
        }

        var until = now + _options.BanTime;
        foreach (var subject in banned)
        {
            Remember(subject, new BanState(until), until);
            GatehouseTelemetry.Count(GatehouseTelemetry.Regulation, "banned");
            RegulationLog.Banned(_logger, subject, until, _options.MaxRetries, _options.FindTime);
        }

        await Task.WhenAll(banned.Select(subject => _store.BanAsync(subject, until, cancellationToken).AsTask()));
    }

    /// <summary>Counts one failure for <paramref name="key"/>; true when it completes <see cref="RegulationOptions.MaxRetries"/> within the window.</summary>
    private bool Count(string key, DateTimeOffset now)
    {
        var window = _failures.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = _options.FindTime;
            return new FailureWindow(_options.MaxRetries);
        })!;
        if (!window.Record(now, _options.FindTime))
        {
            return false;
        }

        _failures.Remove(key);
        return true;
    }

    private async Task<BanState?> StateAsync(string key, CancellationToken cancellationToken)
    {
        if (_bans.TryGetValue(key, out BanState? known))
        {
            return known;
        }

        var end = await _store.GetBanEndAsync(key, cancellationToken);
        var now = _time.GetUtcNow();
        var state = new BanState(end > now ? end : null);
        Remember(key, state, state.Until ?? now + NotBannedTtl);
        return state;
    }

    private void Remember(string key, BanState state, DateTimeOffset expires) =>
        _bans.Set(key, state, new MemoryCacheEntryOptions { AbsoluteExpiration = expires, Size = 1 });

    private Ban? Remembered(string key, DateTimeOffset now, string reason) =>
        _bans.TryGetValue(key, out BanState? state) ? Remaining(state, now, reason) : null;

    private static Ban? Remaining(BanState? state, DateTimeOffset now, string reason) =>
        state?.Until is { } until && until > now ? new Ban(until - now, reason) : null;

    /// <summary>The ban to report when both hold: the caller must wait for the longer one.</summary>
    private static Ban? Longest(Ban? first, Ban? second) =>
        first is null ? second : second is null || first.Value.Remaining >= second.Value.Remaining ? first : second;

    /// <summary>What this instance knows of a subject: banned until a time, or (Until null) not banned as of the entry's making.</summary>
    private sealed record BanState(DateTimeOffset? Until);

    /// <summary>The times of a key's last <c>MaxRetries</c> failures, in a ring.</summary>
    private sealed class FailureWindow(int size)
    {
        private readonly DateTimeOffset[] _times = new DateTimeOffset[size];
        private int _count;
        private int _next;

        /// <summary>Adds a failure; true when the last <c>size</c> failures all fall within <paramref name="findTime"/> of it (the count then restarts).</summary>
        public bool Record(DateTimeOffset now, TimeSpan findTime)
        {
            lock (_times)
            {
                _times[_next] = now;
                _next = (_next + 1) % _times.Length;
                _count = Math.Min(_count + 1, _times.Length);

                // After the write, _next points at the oldest of the last `size` failures.
                if (_count < _times.Length || now - _times[_next % _times.Length] > findTime)
                {
                    return false;
                }

                _count = 0;
                return true;
            }
        }
    }
}
