namespace Gatehouse.Plugins;

/// <summary><c>Gatehouse:Plugins:ANONYMOUS_AUTH</c> (SPEC §5.5): the anonymous user's name, e.g. <c>Guest</c>; unset = no anonymous access.</summary>
public sealed class AnonymousAuthenticatorOptions
{
    public const string Section = "Gatehouse:Plugins:ANONYMOUS_AUTH";

    public string? AnonymousUser { get; set; }
}
