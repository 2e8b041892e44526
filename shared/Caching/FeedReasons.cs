namespace Gatehouse.Caching;

/// <summary>Why an entry was appended to the revocation feed: its <c>reason</c> column, log field and metric tag.</summary>
internal static class FeedReasons
{
    public const string TokenRevoked = "token-revoked";
    public const string TokenRenewed = "token-renewed";
    public const string PasswordChanged = "password-changed";
    public const string EnabledChanged = "enabled-changed";
    public const string UserCreated = "user-created";
    public const string UserDeleted = "user-deleted";

    /// <summary>Any change through the directory API: profile, groups, password or enabled flag at once.</summary>
    public const string UserUpdated = "user-updated";
    public const string MfaReset = "mfa-reset";
    public const string GroupsChanged = "groups-changed";

    /// <summary>Announcements that failed so often they were merged into one for everyone.</summary>
    public const string Backlog = "backlog";
}
