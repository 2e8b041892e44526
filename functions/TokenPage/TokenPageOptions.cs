using System.ComponentModel.DataAnnotations;

namespace Gatehouse.Functions.TokenPage;

/// <summary>The token page's settings, section <c>Gatehouse:TokenPage</c> (SPEC §7.4).</summary>
internal sealed class TokenPageOptions
{
    public const string Section = "Gatehouse:TokenPage";

    /// <summary>
    /// How long the page's own session token lives (default 1 hour, at most 1 day): signing in again is
    /// cheap, a forgotten browser tab should not hold a long-lived token. Sign-out revokes it sooner.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = Section + ":SessionLifetime must be between 1 minute and 1 day.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);
}
