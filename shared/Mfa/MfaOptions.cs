using Microsoft.Extensions.Options;

namespace Gatehouse.Mfa;

/// <summary>Second-factor settings, section <c>Gatehouse:Mfa</c> (SPEC §12).</summary>
public sealed class MfaOptions
{
    public const string Section = "Gatehouse:Mfa";

    /// <summary>More than this many steps either side would accept a code for minutes: no longer a time-based code.</summary>
    internal const int MaxWindow = 3;

    /// <summary>Who must enrol before anything else at their next sign-in (default <see cref="MfaRequirement.Off"/>).</summary>
    public MfaRequirement Require { get; set; } = MfaRequirement.Off;

    /// <summary>
    /// Time steps (30 s each) accepted before and after the current one (default 1, RFC 6238 §5.2's network delay):
    /// a clock a little off, or a code typed as it changed, still works. 0 accepts the current step only.
    /// </summary>
    public int Window { get; set; } = 1;

    /// <summary>Whether a user who is (or is not) an administrator must have a second factor.</summary>
    public bool IsRequiredFor(bool isAdministrator) => Require switch
    {
        MfaRequirement.Everyone => true,
        MfaRequirement.Administrators => isAdministrator,
        _ => false,
    };
}

/// <summary>Names each bad value by the key a user writes.</summary>
internal sealed class MfaOptionsValidator : IValidateOptions<MfaOptions>
{
    public ValidateOptionsResult Validate(string? name, MfaOptions options)
    {
        const string Section = MfaOptions.Section;
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Require))
        {
            errors.Add($"{Section}:Require: must be {string.Join(", ", Enum.GetNames<MfaRequirement>())}.");
        }

        if (options.Window is < 0 or > MfaOptions.MaxWindow)
        {
            errors.Add($"{Section}:Window: must be between 0 and {MfaOptions.MaxWindow} time steps.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
