namespace Gatehouse.Storage;

/// <summary>Logical table names; the configured <see cref="StorageOptions.TablePrefix"/> is prepended.</summary>
internal static class TableNames
{
    /// <summary>Users, one partition per user (escaped lower-case name).</summary>
    public const string Users = "users";

    /// <summary>The unique e-mail index: escaped lower-case e-mail → user name.</summary>
    public const string UserEmails = "useremails";

    /// <summary>Groups: one partition ("groups"), a row per escaped lower-case group name and a version row.</summary>
    public const string Groups = "groups";

    /// <summary>Token bindings: partition = escaped lower-case user, row = escaped application | escaped device.</summary>
    public const string TokenBindings = "tokenbindings";

    /// <summary>The token lookup index: SHA-256 of the token → a copy of its binding.</summary>
    public const string TokenHashes = "tokenhashes";

    /// <summary>Claimed one-time values (portal replay protection): partition = first two hex digits of the SHA-256, row = the hex SHA-256.</summary>
    public const string Nonces = "nonces";

    /// <summary>Housekeeping's own bookkeeping: how far the orphan sweep has checked.</summary>
    public const string Housekeeping = "housekeeping";

    /// <summary>Regulation's bans: escaped subject (<c>login:…</c>, <c>address:…</c>) → when the ban ends.</summary>
    public const string Bans = "bans";

    /// <summary>Second factors (TOTP), one row per user: partition = escaped lower-case user name, like <see cref="Users"/>.</summary>
    public const string SecondFactors = "secondfactors";

    /// <summary>The revocation feed: partition = the minute (UTC, <c>yyyyMMddHHmm</c>), row = ticks, instance and sequence.</summary>
    public const string RevocationFeed = "revocationfeed";

    /// <summary>The audit trail: partition = <c>user|</c> + escaped lower-case user, and <c>all|yyyyMM</c> for everyone; row = inverted ticks | random.</summary>
    public const string Audit = "audit";

    /// <summary>Device authorizations (RFC 8628): partition <c>device-xx</c> / <c>user-xx</c>, row = the code's hex SHA-256.</summary>
    public const string DeviceCodes = "devicecodes";
}
