using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gatehouse;

/// <summary>
/// Gatehouse's meter and activity source, both named <see cref="Name"/>: what an exporter subscribes to. Without a
/// listener an instrument's <c>Add</c> returns at once and <c>StartActivity</c> returns null, so the hot path pays
/// nothing (the allocation tests run without one). Tags are strings known in advance: no boxing, no per-request text.
/// </summary>
public static class GatehouseTelemetry
{
    public const string Name = "Gatehouse";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Chain decisions, by <c>outcome</c> (allowed, open, unauthenticated, forbidden, throttled, unavailable) and <c>plugin</c>.</summary>
    internal static readonly Counter<long> Decisions = Meter.CreateCounter<long>("gatehouse.decisions", "{decision}", "Chain decisions by outcome and plugin.");

    /// <summary>How long a decision took, by <c>outcome</c>.</summary>
    internal static readonly Histogram<double> DecisionDuration = Meter.CreateHistogram<double>("gatehouse.decision.duration", "s", "How long the chain took to decide, by outcome.");

    /// <summary>Cache lookups, by <c>cache</c> (token, user, credential) and <c>result</c> (hit, miss).</summary>
    internal static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>("gatehouse.cache.lookups", "{lookup}", "Hot-path cache lookups by cache and result.");

    /// <summary>Requests sent to Table Storage, retries included.</summary>
    internal static readonly Counter<long> StorageCalls = Meter.CreateCounter<long>("gatehouse.storage.calls", "{request}", "Requests sent to Table Storage.");

    /// <summary>Outages begun, by <c>dependency</c> (storage, secrets).</summary>
    internal static readonly Counter<long> Outages = Meter.CreateCounter<long>("gatehouse.dependency.outages", "{outage}", "Outages of a dependency, counted when each begins.");

    /// <summary>Regulation at work, by <c>event</c> (banned: a login or address banned; refused: a check not even hashed).</summary>
    internal static readonly Counter<long> Regulation = Meter.CreateCounter<long>("gatehouse.regulation.events", "{event}", "Bans and password checks refused by regulation.");

    /// <summary>Token lifecycle, by <c>event</c> (issued, reissued, renewed, revoked).</summary>
    internal static readonly Counter<long> TokenEvents = Meter.CreateCounter<long>("gatehouse.token.events", "{event}", "Tokens issued, handed out again, renewed and revoked.");

    /// <summary>Handshakes answered, by <c>outcome</c> (acquired, revoked, refused).</summary>
    internal static readonly Counter<long> Handshakes = Meter.CreateCounter<long>("gatehouse.handshakes", "{handshake}", "Token handshakes by outcome.");

    /// <summary>Second factors, by <c>event</c> (begun, enrolled, accepted, refused, replayed, recovery-used, disabled, reset).</summary>
    internal static readonly Counter<long> SecondFactorEvents = Meter.CreateCounter<long>("gatehouse.mfa.events", "{event}", "Second-factor enrolments, checks, recoveries and resets.");
    /// <summary>
    /// The revocation feed at work, by <c>event</c> (appended; applied: another instance's entry invalidated here;
    /// append-failed: kept and sent again; read-failed).
    /// </summary>
    internal static readonly Counter<long> RevocationFeed = Meter.CreateCounter<long>("gatehouse.revocation_feed.events", "{event}", "Revocation feed entries appended and applied, and appends and reads that failed.");

    /// <summary>The audit trail at work, by <c>event</c> (written; dropped: the queue was full, or storage refused the write).</summary>
    internal static readonly Counter<long> AuditEvents = Meter.CreateCounter<long>("gatehouse.audit.events", "{event}", "Audit events written, and dropped because the queue was full or storage failed.");

    private static readonly KeyValuePair<string, object?> Hit = Tag("result", "hit");
    private static readonly KeyValuePair<string, object?> Miss = Tag("result", "miss");

    internal static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    /// <summary>Counts one lookup of <paramref name="cache"/> (token, user, credential).</summary>
    internal static void LookedUp(string cache, bool hit) => CacheLookups.Add(1, Tag("cache", cache), hit ? Hit : Miss);

    /// <summary>Counts one event of <paramref name="counter"/>, tagged <c>event</c>.</summary>
    internal static void Count(Counter<long> counter, string @event) => counter.Add(1, Tag("event", @event));
}
