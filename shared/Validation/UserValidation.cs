using Gatehouse.Storage;

namespace Gatehouse.Validation;

/// <summary>
/// The rules a user's fields follow. Violations are <see cref="ArgumentException"/>s naming the
/// field, which endpoints answer with 400 (SPEC §11).
/// </summary>
internal static class UserValidation
{
    public const int MaxNameLength = 128;
    public const int MaxEmailLength = 254;
    public const int MaxTextLength = 256;
    public const int MaxPasswordLength = 1024;
    public const int MaxGroups = 100;
    public const int MaxMembers = 10_000;

    /// <summary>An optional text as stored: an empty one is no value (an update clears a field by sending it empty).</summary>
    public static string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>What is wrong with a user or group name, or null when it is acceptable.</summary>
    public static string? DescribeNameProblem(string? value, string parameterName)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"{parameterName} must not be empty.";
        }

        if (value.Length > MaxNameLength)
        {
            return $"{parameterName} must be at most {MaxNameLength} characters.";
        }

        if (TableKeys.HasControlCharacter(value))
        {
            return $"{parameterName} must not contain control characters.";
        }

        if (!TableKeys.IsWellFormedUtf16(value))
        {
            return $"{parameterName} is not valid Unicode text.";
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return $"{parameterName} must not start or end with white space.";
        }

        // BASIC_AUTH splits user:password at the first colon: such a name could never sign in.
        return value.Contains(':', StringComparison.Ordinal) ? $"{parameterName} must not contain ':'." : null;
    }

    public static void ValidateName(string? value, string parameterName)
    {
        if (DescribeNameProblem(value, parameterName) is { } problem)
        {
            throw new ArgumentException(problem, parameterName);
        }
    }

    /// <summary>A light check: one <c>@</c> between non-empty parts, no white space or control characters.</summary>
    public static string? DescribeEmailProblem(string? value, string parameterName)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"{parameterName} must not be empty.";
        }

        if (value.Length > MaxEmailLength)
        {
            return $"{parameterName} must be at most {MaxEmailLength} characters.";
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == value.Length - 1 || value.IndexOf('@', at + 1) >= 0 ||
            value.Any(char.IsWhiteSpace) || TableKeys.HasControlCharacter(value) || !TableKeys.IsWellFormedUtf16(value))
        {
            return $"{parameterName} must be an e-mail address (one '@', no spaces).";
        }

        return null;
    }

    public static void ValidateEmail(string? value, string parameterName)
    {
        if (DescribeEmailProblem(value, parameterName) is { } problem)
        {
            throw new ArgumentException(problem, parameterName);
        }
    }

    /// <summary>Optional free text (first name, last name, company).</summary>
    public static void ValidateText(string? value, string parameterName)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > MaxTextLength)
        {
            throw new ArgumentException($"{parameterName} must be at most {MaxTextLength} characters.", parameterName);
        }

        if (TableKeys.HasControlCharacter(value) || !TableKeys.IsWellFormedUtf16(value))
        {
            throw new ArgumentException($"{parameterName} must not contain control characters.", parameterName);
        }
    }

    public static void ValidatePassword(string? value, string parameterName)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"{parameterName} must not be empty.", parameterName);
        }

        if (value.Length > MaxPasswordLength)
        {
            throw new ArgumentException($"{parameterName} must be at most {MaxPasswordLength} characters.", parameterName);
        }

        if (!TableKeys.IsWellFormedUtf16(value))
        {
            throw new ArgumentException($"{parameterName} is not valid Unicode text.", parameterName);
        }
    }

    public static void ValidateGroups(IReadOnlyList<string>? groups, string parameterName)
    {
        if (groups is null)
        {
            return;
        }

        if (groups.Count > MaxGroups)
        {
            throw new ArgumentException($"{parameterName} must hold at most {MaxGroups} groups.", parameterName);
        }

        foreach (var group in groups)
        {
            ValidateName(group, parameterName);
        }
    }
}
