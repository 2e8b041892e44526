namespace Gatehouse.Plugins;

/// <summary><c>Gatehouse:Plugins:TOKEN_AUTH</c> (SPEC §5.2): where the token may come from, and whether the anonymous user may hold one.</summary>
public sealed class TokenAuthenticatorOptions
{
    public const string Section = "Gatehouse:Plugins:TOKEN_AUTH";

    public const string HeaderName = "X-Authentication-Token";

    public const string QueryName = "token";

    public bool FromHeader { get; set; } = true;

    public bool FromQuery { get; set; } = true;

    public bool FromCookie { get; set; } = true;

    /// <summary>Accept a token bound to the anonymous user (refused by default).</summary>
    public bool AllowAnonymous { get; set; }
}
