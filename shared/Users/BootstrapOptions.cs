using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gatehouse.Users;

/// <summary>
/// The administrator created on first start, section <c>Gatehouse:Bootstrap</c> (SPEC §10). There is
/// no default password: with no <see cref="UserName"/> nothing is created. Outside Development an
/// empty or weak password stops start-up.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Gatehouse:Bootstrap";

    /// <summary>The administrator's user name; empty = no bootstrap administrator.</summary>
    public string? UserName { get; set; }

    /// <summary>The initial password (from a secret store in production). Used only when the user does not exist yet.</summary>
    public string? Password { get; set; }

    /// <summary>The administrator's e-mail address, optional (empty = none).</summary>
    public string? Email
    {
        get;
        set => field = string.IsNullOrEmpty(value) ? null : value;
    }
}

/// <summary>Refuses a bootstrap configuration that would create a weak administrator (Development excepted).</summary>
internal sealed class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>
{
    private readonly IHostEnvironment _environment;

    public BootstrapOptionsValidator(IHostEnvironment environment) => _environment = environment;

    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = BootstrapAdministrator.DescribeProblems(options, _environment).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
