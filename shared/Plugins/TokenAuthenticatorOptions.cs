using Gatehouse.Chain;
using Microsoft.Extensions.Options;

namespace Gatehouse.Plugins;

/// <summary>TOKEN_AUTH parameters (SPEC §5.2), bound from <c>Gatehouse:Plugins:TOKEN_AUTH</c>.</summary>
public sealed class TokenAuthenticatorOptions
{
    public const string Section = "Gatehouse:Plugins:" + AuthenticatorNames.Token;

    /// <summary>Read the token from the <c>X-Authentication-Token</c> header (first source).</summary>
    public bool FromHeader { get; set; } = true;

    /// <summary>Read the token from the <c>token</c> query parameter (second source).</summary>
    public bool FromQuery { get; set; } = true;

    /// <summary>Read the token from the <c>X-Authentication-Token</c> cookie (third source).</summary>
    public bool FromCookie { get; set; } = true;

    /// <summary>
    /// Read a Gatehouse token from <c>Authorization: Bearer</c> (fourth source), as gateways and CLIs send
    /// personal access tokens. A Bearer value that is not a Gatehouse token is left to other plugins.
    /// </summary>
    public bool FromBearer { get; set; } = true;

    /// <summary>Accept a token bound to the anonymous user (refused by default).</summary>
    public bool AllowAnonymous { get; set; }

}

internal sealed class TokenAuthenticatorOptionsValidator : IValidateOptions<TokenAuthenticatorOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenAuthenticatorOptions options)
    {
        var errors = new List<string>();
        if (!options.FromHeader && !options.FromQuery && !options.FromCookie && !options.FromBearer)
        {
            errors.Add($"{TokenAuthenticatorOptions.Section}:FromHeader: every token source is switched off; the plugin could never find a token.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
