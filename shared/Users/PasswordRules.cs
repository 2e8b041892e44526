using System.Text.RegularExpressions;
using Gatehouse.Validation;
using Microsoft.Extensions.Options;

namespace Gatehouse.Users;

/// <summary>
/// Checks a password a person chooses against <see cref="PasswordPolicyOptions"/>: its length, the optional pattern,
/// and never the user's own name or e-mail address. A refusal is an <see cref="ArgumentException"/> that names the rule
/// (the endpoints' 400), never the password.
/// </summary>
public sealed class PasswordRules
{
    /// <summary>Bounds a pathological pattern: a check that times out refuses the password (fail closed).</summary>
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly PasswordPolicyOptions _options;
    private readonly Regex? _pattern;

    public PasswordRules(IOptions<PasswordPolicyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _pattern = _options.Pattern is { } pattern ? Compile(pattern) : null;
    }

    internal static Regex Compile(string pattern) => new($@"\A(?:{pattern})\z", RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>Throws <see cref="ArgumentException"/> for <paramref name="parameterName"/> unless the password is acceptable for this user.</summary>
    public void Enforce(string? password, string userName, string? email, string parameterName = "password")
    {
        UserValidation.ValidatePassword(password, parameterName);
        if (DescribeProblem(password!, userName, email) is { } problem)
        {
            throw new ArgumentException($"{parameterName} {problem}", parameterName);
        }
    }

    private string? DescribeProblem(string password, string userName, string? email)
    {
        if (password.Length < _options.MinLength)
        {
            return $"must be at least {_options.MinLength} characters (rule: {PasswordPolicyOptions.Section}:MinLength).";
        }

        if (string.Equals(password, userName, StringComparison.OrdinalIgnoreCase) ||
            (email is not null && string.Equals(password, email, StringComparison.OrdinalIgnoreCase)))
        {
            return "must not be the user name or the e-mail address (rule: not the user's name).";
        }

        if (_pattern is null)
        {
            return null;
        }

        bool matches;
        try
        {
            matches = _pattern.IsMatch(password);
        }
        catch (RegexMatchTimeoutException)
        {
            matches = false;
        }

        var wanted = _options.PatternDescription is { } description ? $": {description}" : string.Empty;
        return matches ? null : $"does not match the required pattern{wanted} (rule: {PasswordPolicyOptions.Section}:Pattern).";
    }
}

/// <summary>Names each bad value by its key.</summary>
internal sealed class PasswordPolicyOptionsValidator : IValidateOptions<PasswordPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PasswordPolicyOptions options)
    {
        var errors = new List<string>();
        if (options.MinLength is < 1 or > UserValidation.MaxPasswordLength)
        {
            errors.Add($"{PasswordPolicyOptions.Section}:MinLength must be between 1 and {UserValidation.MaxPasswordLength}.");
        }

        if (options.Pattern is { } pattern)
        {
            try
            {
                _ = PasswordRules.Compile(pattern);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{PasswordPolicyOptions.Section}:Pattern is not a valid regular expression: {ex.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
