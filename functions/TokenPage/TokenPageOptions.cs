namespace Gatehouse.Functions.TokenPage;

/// <summary>The token page's settings, section <c>Gatehouse:TokenPage</c> (SPEC §7.4).</summary>
internal sealed class TokenPageOptions
{
    public const string Section = "Gatehouse:TokenPage";

    public const string SessionLifetimeProblem = Section + ":SessionLifetime must be between 1 minute and 1 day.";

    private static readonly TimeSpan MinSessionLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// How long the page's own session token lives (default 1 hour, at most 1 day): signing in again is
    /// cheap, a forgotten browser tab should not hold a long-lived token. Sign-out revokes it sooner.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Checked in code rather than with <c>[Range(typeof(TimeSpan), ...)]</c>, whose converter lookup
    /// is reflection that Native AOT cannot guarantee.
    /// </summary>
    public bool HasValidSessionLifetime() => SessionLifetime >= MinSessionLifetime && SessionLifetime <= MaxSessionLifetime;
}
