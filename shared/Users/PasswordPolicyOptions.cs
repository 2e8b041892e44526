namespace Gatehouse.Users;

/// <summary>
/// What a new password must be (SPEC §10), section <c>Gatehouse:Users:PasswordPolicy</c>: checked wherever a person
/// chooses one (the directory API, changing one's own password), not on the bootstrap administrator's, which has its own start-up check.
/// </summary>
public sealed class PasswordPolicyOptions
{
    public const string Section = UserDirectoryOptions.Section + ":PasswordPolicy";

    /// <summary>The fewest characters a password may have (default 12).</summary>
    public int MinLength { get; set; } = 12;

    /// <summary>An optional .NET regular expression the whole password must match (Nuxeo's configurable regexp), e.g. <c>(?=.*\d)(?=.*[a-z]).*</c>.</summary>
    public string? Pattern
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>What <see cref="Pattern"/> asks for, in words, for the 400 that refuses a password (e.g. "a digit and a lower-case letter").</summary>
    public string? PatternDescription { get; set; }
}
