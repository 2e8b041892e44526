using Gatehouse.Chain;
using Microsoft.Extensions.Options;

namespace Gatehouse.Plugins;

/// <summary>BASIC_AUTH parameters (SPEC §5.1), bound from <c>Gatehouse:Plugins:BASIC_AUTH</c>.</summary>
public sealed class BasicAuthenticatorOptions
{
    public const string Section = "Gatehouse:Plugins:" + AuthenticatorNames.Basic;

    /// <summary>The realm of the <c>WWW-Authenticate</c> challenge.</summary>
    public string Realm { get; set; } = "Gatehouse";

    /// <summary>True: prompt wherever the chain has no credentials. False: only under <see cref="PromptUrls"/>.</summary>
    public bool AutoPrompt { get; set; } = true;

    /// <summary>Path prefixes (ordinal) under which the plugin prompts when <see cref="AutoPrompt"/> is false.</summary>
    public List<string> PromptUrls { get; set; } = [];

}

internal sealed class BasicAuthenticatorOptionsValidator : IValidateOptions<BasicAuthenticatorOptions>
{
    public ValidateOptionsResult Validate(string? name, BasicAuthenticatorOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Realm) || options.Realm.Any(char.IsControl))
        {
            // A control character would let the realm split the WWW-Authenticate header.
            errors.Add($"{BasicAuthenticatorOptions.Section}:Realm: must be non-empty text without control characters.");
        }

        for (var i = 0; i < options.PromptUrls.Count; i++)
        {
            if (!options.PromptUrls[i].StartsWith('/'))
            {
                errors.Add($"{BasicAuthenticatorOptions.Section}:PromptUrls:{i}: '{options.PromptUrls[i]}' must be a path starting with '/'.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
