using Microsoft.Extensions.Options;

namespace Gatehouse.Chain;

/// <summary>Sign-in policy, section <c>Gatehouse:Policy</c>.</summary>
public sealed class PolicyOptions
{
    public const string Section = "Gatehouse:Policy";

    /// <summary>Where passwords are accepted (default <see cref="PasswordPolicy.Everywhere"/>).</summary>
    public PasswordPolicy Passwords { get; set; } = PasswordPolicy.Everywhere;
}

/// <summary>Refuses a policy the binder let through as a number (<c>Passwords=7</c>): unknown must not mean "allowed".</summary>
internal sealed class PolicyOptionsValidator : IValidateOptions<PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyOptions options) => Enum.IsDefined(options.Passwords)
        ? ValidateOptionsResult.Success
        : ValidateOptionsResult.Fail($"{PolicyOptions.Section}:Passwords must be {PasswordPolicy.Everywhere}, {PasswordPolicy.SignInAndHandshake} or {PasswordPolicy.SignInOnly}.");
}
