namespace Gatehouse.Users;

/// <summary>User directory settings, section <c>Gatehouse:Users</c> (SPEC §10).</summary>
public sealed class UserDirectoryOptions
{
    public const string SectionName = "Gatehouse:Users";

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

    /// <summary>The problems with these options, empty when they are usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (PasswordIterations < MinimumIterations && !AllowWeakPasswordHashing)
        {
            yield return $"{SectionName}:PasswordIterations must be at least {MinimumIterations:N0} (set {SectionName}:AllowWeakPasswordHashing=true only in tests).";
        }

        if (PasswordIterations is < 1 or > PasswordHasher.MaxIterations)
        {
            yield return $"{SectionName}:PasswordIterations must be between 1 and {PasswordHasher.MaxIterations:N0}.";
        }

        if (UserValidation.DescribeNameProblem(AdministratorsGroup, "AdministratorsGroup") is { } problem)
        {
            yield return $"{SectionName}:{problem}";
        }
    }
}
