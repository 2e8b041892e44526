using Microsoft.Extensions.Options;

namespace Gatehouse.Tokens;

/// <summary>
/// Token lifecycle settings, section <c>Gatehouse:Tokens</c> (SPEC §7.5). Durations bind from
/// <c>TimeSpan</c> text (<c>365.00:00:00</c>, or <c>365</c> for days); <c>0</c> means never.
/// </summary>
public sealed class TokenOptions
{
    public const string Section = "Gatehouse:Tokens";

    /// <summary>
    /// How long a new binding lives, and how far a renewal extends it (default 365 days). <c>0</c> =
    /// tokens never expire, as in Nuxeo (then <see cref="MaxLifetime"/> must be 0 too).
    /// </summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// The longest a binding may live from its creation, renewals included (default <c>0</c> = no cap).
    /// Enforced when tokens are validated, so lowering it shortens tokens already issued.
    /// </summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.Zero;

    /// <summary>A token's <c>lastUsed</c> is written at most once per this interval (default 5 minutes), so validation rarely writes.</summary>
    public TimeSpan LastUsedInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The shape of new tokens (default <see cref="TokenShape.Prefixed"/>; <see cref="TokenShape.Uuid"/> for Nuxeo
    /// Drive 7.0.1). Tokens of either shape keep working when it changes; a binding keeps the shape it was issued in.
    /// </summary>
    public TokenShape Format { get; set; } = TokenShape.Prefixed;
}

/// <summary>The rules between the lifetimes, naming each key as it is written.</summary>
internal sealed class TokenOptionsValidator : IValidateOptions<TokenOptions>
{
    private const string Section = TokenOptions.Section;

    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        var errors = new List<string>();
        if (options.DefaultLifetime < TimeSpan.Zero || options.MaxLifetime < TimeSpan.Zero || options.LastUsedInterval < TimeSpan.Zero)
        {
            errors.Add($"{Section}: DefaultLifetime, MaxLifetime and LastUsedInterval must not be negative.");
        }

        if (options.MaxLifetime > TimeSpan.Zero && (options.DefaultLifetime == TimeSpan.Zero || options.DefaultLifetime > options.MaxLifetime))
        {
            errors.Add($"{Section}:DefaultLifetime must be set and at most MaxLifetime when MaxLifetime is set.");
        }

        if (!Enum.IsDefined(options.Format))
        {
            // The binder takes a number too: 7 would otherwise issue tokens of no known shape.
            errors.Add($"{Section}:Format must be {TokenShape.Prefixed} or {TokenShape.Uuid}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
