using Gatehouse.Validation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Users;

/// <summary>
/// Creates the configured administrator when it does not exist (SPEC §10). Safe to call from every
/// instance at once, and again on every start: an existing user is left as it is (its password is
/// never reset from configuration). The password is never logged.
/// </summary>
public sealed class BootstrapAdministrator
{
    /// <summary>The shortest password accepted outside Development.</summary>
    public const int MinimumPasswordLength = 12;

    private static readonly string[] WellKnownPasswords =
    [
        "administrator", "Administrator1", "password1234", "passwordpassword", "123456789012", "1234567890123",
        "qwertyuiopas", "changemechangeme", "adminadminadmin", "administrator123", "welcome12345", "letmeinletmein",
    ];

    private readonly IUserDirectory _directory;
    private readonly IGroupDirectory _groups;
    private readonly BootstrapOptions _options;
    private readonly IHostEnvironment _environment;
    private readonly string _administratorsGroup;
    private readonly ILogger<BootstrapAdministrator> _logger;

    public BootstrapAdministrator(
        IUserDirectory directory,
        IGroupDirectory groups,
        IOptions<BootstrapOptions> options,
        IOptions<UserDirectoryOptions> userOptions,
        IHostEnvironment environment,
        ILogger<BootstrapAdministrator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(userOptions);
        _directory = directory;
        _groups = groups;
        _options = options.Value;
        _environment = environment;
        _administratorsGroup = userOptions.Value.AdministratorsGroup;
        _logger = logger;
    }

    /// <summary>
    /// Creates the administrator, in the administrators group, unless it exists. True when this call
    /// created it. Throws <see cref="InvalidOperationException"/> for a refused configuration and
    /// <see cref="DependencyUnavailableException"/> when storage is down (call again later).
    /// </summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(_options.UserName))
        {
            UsersLog.BootstrapNotConfigured(_logger);
            return false;
        }

        var problems = DescribeProblems(_options, _environment).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(' ', problems));
        }

        var userName = _options.UserName;
        if (DescribeWeakness(_options.Password!, userName) is not null)
        {
            UsersLog.BootstrapWeakPasswordAccepted(_logger);
        }

        // The group exists as a group too, so that administrators can be added to it like to any other. Only with a
        // bootstrap administrator: without one, start-up touches no storage (an app whose storage is down still starts).
        if (await _groups.GetAsync(_administratorsGroup, cancellationToken) is null)
        {
            await _groups.CreateAsync(new Group(_administratorsGroup, "Administrators", "Manage users, groups and everyone's tokens.", []), cancellationToken);
        }

        if (await _directory.GetAsync(userName, cancellationToken) is not null)
        {
            ReportExisting(userName);
            return false;
        }

        var user = new NewUser(userName, _options.Password!, _options.Email, Groups: [_administratorsGroup]);
        if (await _directory.CreateAsync(user, cancellationToken))
        {
            UsersLog.BootstrapCreated(_logger, userName);
            return true;
        }

        // Another instance won the race: fine. Otherwise the e-mail address belongs to someone else.
        if (await _directory.GetAsync(userName, cancellationToken) is not null)
        {
            ReportExisting(userName);
            return false;
        }

        throw new InvalidOperationException(
            $"{BootstrapOptions.Section}:Email is already used by another user: the bootstrap administrator '{userName}' cannot be created.");
    }

    /// <summary>
    /// True for the configured bootstrap administrator, who stays the first administrator: never deleted, disabled or
    /// taken out of the administrators group, so that there is always a way in.
    /// </summary>
    public bool IsBootstrapAdministrator(string userName) =>
        !string.IsNullOrEmpty(_options.UserName) && string.Equals(userName, _options.UserName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Locally (Development) a regenerated or edited settings file is the usual reason for "my password does not work":
    /// say plainly that the configured one was not applied. Elsewhere every instance's start would warn, so Information.
    /// </summary>
    private void ReportExisting(string userName)
    {
        if (_environment.IsDevelopment())
        {
            UsersLog.BootstrapPasswordNotApplied(_logger, userName);
        }
        else
        {
            UsersLog.BootstrapExists(_logger, userName);
        }
    }

    /// <summary>Why this configuration is refused here; empty when it is acceptable.</summary>
    internal static IEnumerable<string> DescribeProblems(BootstrapOptions options, IHostEnvironment environment)
    {
        if (string.IsNullOrEmpty(options.UserName))
        {
            yield break;
        }

        if (UserValidation.DescribeNameProblem(options.UserName, $"{BootstrapOptions.Section}:UserName") is { } nameProblem)
        {
            yield return nameProblem;
        }

        if (options.Email is not null && UserValidation.DescribeEmailProblem(options.Email, $"{BootstrapOptions.Section}:Email") is { } emailProblem)
        {
            yield return emailProblem;
        }

        if (string.IsNullOrEmpty(options.Password))
        {
            yield return $"{BootstrapOptions.Section}:Password is empty: set a strong password for the bootstrap administrator (there is no default).";
        }
        else if (options.Password.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            // App Service passes an unresolved Key Vault reference through as literal text (e.g. before the
            // identity's role assignment takes effect): that known text must never become the password.
            yield return $"{BootstrapOptions.Section}:Password is an unresolved Key Vault reference: grant the app's identity 'Key Vault Secrets User' and restart.";
        }
        else if (!environment.IsDevelopment() && DescribeWeakness(options.Password, options.UserName) is { } weakness)
        {
            yield return $"{BootstrapOptions.Section}:Password is too weak ({weakness}); only Development accepts it.";
        }
    }

    /// <summary>Why <paramref name="password"/> is weak, or null. Never includes the password.</summary>
    internal static string? DescribeWeakness(string password, string userName)
    {
        if (password.Length < MinimumPasswordLength)
        {
            return $"fewer than {MinimumPasswordLength} characters";
        }

        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase) ||
            WellKnownPasswords.Any(known => string.Equals(known, password, StringComparison.OrdinalIgnoreCase)))
        {
            return "a well-known password or the user name";
        }

        return password.Distinct().Count() < 4 ? "too few different characters" : null;
    }
}
