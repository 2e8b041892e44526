using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Gatehouse.Chain;

/// <summary>How identities become principals, bound from <c>Gatehouse:Users</c>.</summary>
public sealed class PrincipalOptions
{
    public const string SectionName = "Gatehouse:Users";

    /// <summary>Members of this group are administrators (SPEC §10).</summary>
    public string AdministratorsGroup { get; set; } = "administrators";

    /// <summary>
    /// Nuxeo's anonymous user (e.g. <c>Guest</c>), or null for none. It is virtual: it need not exist in
    /// the user directory, and its principal (no groups, never administrator) comes from configuration.
    /// </summary>
    public string? AnonymousUser { get; set; }

    internal List<string> ConfigurationErrors { get; } = [];

    internal bool IsAnonymous(string userName) =>
        AnonymousUser is not null && string.Equals(userName, AnonymousUser, StringComparison.OrdinalIgnoreCase);

    internal void Read(IConfigurationSection section)
    {
        var reader = new OptionsReader(section, ConfigurationErrors);
        AdministratorsGroup = reader.String(nameof(AdministratorsGroup), AdministratorsGroup)!;
        AnonymousUser = NullIfBlank(reader.String(nameof(AnonymousUser), AnonymousUser));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal sealed class PrincipalOptionsValidator : IValidateOptions<PrincipalOptions>
{
    public ValidateOptionsResult Validate(string? name, PrincipalOptions options)
    {
        var errors = new List<string>(options.ConfigurationErrors);
        if (string.IsNullOrWhiteSpace(options.AdministratorsGroup))
        {
            errors.Add($"{PrincipalOptions.SectionName}:AdministratorsGroup: must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
