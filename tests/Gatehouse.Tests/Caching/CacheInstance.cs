using Gatehouse.Caching;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Caching;

/// <summary>
/// One instance's caches, wired as the app wires them (one ledger, its announcer and feed reader), over storage and a
/// revocation feed that several instances share.
/// </summary>
internal sealed class CacheInstance : IDisposable
{
    public CacheInstance(ITokenService tokens, IUserDirectory users, IRevocationFeed feed, TimeProvider time, CacheOptions? settings = null)
    {
        var options = Options.Create(settings ?? new CacheOptions());
        Announcer = new RevocationAnnouncer(feed, options, time, NullLogger<RevocationAnnouncer>.Instance);
        Ledger = new InvalidationLedger(Announcer);
        Reader = new RevocationFeedReader(feed, Ledger, Announcer, options, time, NullLogger<RevocationFeedReader>.Instance);
        Tokens = new CachingTokenService(tokens, Ledger, options, time);
        Users = new CachingUserDirectory(users, Ledger, options, time);
    }

    public RevocationAnnouncer Announcer { get; }

    public InvalidationLedger Ledger { get; }

    public RevocationFeedReader Reader { get; }

    public CachingTokenService Tokens { get; }

    public CachingUserDirectory Users { get; }

    public void Dispose()
    {
        Tokens.Dispose();
        Users.Dispose();
    }
}
