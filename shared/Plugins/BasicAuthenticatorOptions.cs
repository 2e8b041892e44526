namespace Gatehouse.Plugins;

/// <summary><c>Gatehouse:Plugins:BASIC_AUTH</c> (SPEC §5.1).</summary>
public sealed class BasicAuthenticatorOptions
{
    public const string Section = "Gatehouse:Plugins:BASIC_AUTH";

    /// <summary>The realm of the <c>WWW-Authenticate: Basic</c> challenge.</summary>
    public string Realm { get; set; } = "Gatehouse";

    /// <summary>Prompt on every URL (default), or only on <see cref="PromptUrls"/> prefixes (Nuxeo's default).</summary>
    public bool AutoPrompt { get; set; } = true;

    /// <summary>Path prefixes that prompt when <see cref="AutoPrompt"/> is false.</summary>
    public IList<string> PromptUrls { get; set; } = [];
}
