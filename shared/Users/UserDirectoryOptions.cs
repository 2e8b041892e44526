using Gatehouse.Validation;
using Microsoft.Extensions.Options;

namespace Gatehouse.Users;

/// <summary>User directory settings, section <c>Gatehouse:Users</c> (SPEC §10): hashing, who administers, who is anonymous.</summary>
public sealed class UserDirectoryOptions
{
    public const string Section = "Gatehouse:Users";

    /// <summary>The OWASP floor for PBKDF2-HMAC-SHA256.</summary>
    public const int MinimumIterations = 600_000;

    /// <summary>PBKDF2 iterations for new hashes (default 600,000). Raising it rehashes each password at its next successful login.</summary>
    public int PasswordIterations { get; set; } = MinimumIterations;

    /// <summary>
    /// Allows <see cref="PasswordIterations"/> below 600,000. <b>For tests only</b> (they use about
    /// 1,000 so thousands of hashes stay fast); never set it in a deployment.
    /// </summary>
    public bool AllowWeakPasswordHashing { get; set; }

    /// <summary>The group whose members administer Gatehouse (default <c>administrators</c>).</summary>
    public string AdministratorsGroup { get; set; } = "administrators";

    /// <summary>
    /// Nuxeo's anonymous user (e.g. <c>Guest</c>), or null for none. It is virtual: it need not exist in
    /// the user directory, and its principal (no groups, never administrator) comes from configuration.
    /// </summary>
    public string? AnonymousUser
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>True for a user whose groups, resolved through sub-groups, include the administrators group.</summary>
    internal bool IsAdministrator(IReadOnlyList<string> extendedGroups) =>
        extendedGroups.Contains(AdministratorsGroup, StringComparer.OrdinalIgnoreCase);

    internal bool IsAnonymous(string userName) =>
        AnonymousUser is not null && string.Equals(userName, AnonymousUser, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Names each bad value by the key a user writes.</summary>
internal sealed class UserDirectoryOptionsValidator : IValidateOptions<UserDirectoryOptions>
{
    private const string Section = UserDirectoryOptions.Section;

    public ValidateOptionsResult Validate(string? name, UserDirectoryOptions options)
    {
        var errors = new List<string>();
        if (options.PasswordIterations < UserDirectoryOptions.MinimumIterations && !options.AllowWeakPasswordHashing)
        {
            errors.Add($"{Section}:PasswordIterations must be at least {UserDirectoryOptions.MinimumIterations:N0} (set {Section}:AllowWeakPasswordHashing=true only in tests).");
        }

        if (options.PasswordIterations is < 1 or > PasswordHasher.MaxIterations)
        {
            errors.Add($"{Section}:PasswordIterations must be between 1 and {PasswordHasher.MaxIterations:N0}.");
        }

        if (UserValidation.DescribeNameProblem(options.AdministratorsGroup, "AdministratorsGroup") is { } problem)
        {
            errors.Add($"{Section}:{problem}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
