using Gatehouse.Functions.Http;
using Gatehouse.Tokens;

namespace Gatehouse.Functions.Drive;

/// <summary>
/// The parameters Nuxeo Drive opens <c>drive_browser_login.jsp</c> with (NUXEO-FACTS §3): <c>deviceId</c>,
/// <c>applicationName</c>, <c>permission</c>, <c>deviceDescription</c>, <c>forceAnonymousLogin</c> (Nuxeo's, ignored:
/// there is no anonymous session to leave here), <c>useProtocol</c> (hand the token back through <c>nxdrive://</c>, or as
/// JSON when <c>false</c>), <c>updateToken</c> (re-login: the triplet's binding gives its token again either way).
/// </summary>
internal sealed record DriveSignInRequest(string ApplicationName, string DeviceId, string? DeviceDescription, string Permission, bool UseProtocol)
{
    /// <summary>The request, or null with the problem to answer 400 with.</summary>
    public static DriveSignInRequest? From(IQueryCollection query, out string problem)
    {
        var application = query.Value("applicationName");
        var device = query.Value("deviceId");
        var permission = query.Value("permission");
        string[] missing = [.. new[] { ("deviceId", device), ("applicationName", application), ("permission", permission) }.Where(p => p.Item2 is null).Select(p => p.Item1)];
        if (missing.Length > 0)
        {
            problem = "missing parameter(s): " + string.Join(", ", missing);
            return null;
        }

        if (TokenPermissions.Canonical(permission) is not { } canonical)
        {
            problem = "permission must be one of " + TokenPermissions.AcceptedSpellings;
            return null;
        }

        if (!TryFlag(query.Value("useProtocol"), defaultValue: true, out var useProtocol) || !TryFlag(query.Value("updateToken"), defaultValue: false, out _))
        {
            problem = "useProtocol and updateToken are true or false";
            return null;
        }

        problem = string.Empty;
        return new(application!, device!, query.Value("deviceDescription"), canonical, useProtocol);
    }

    public TokenRequest ToTokenRequest(string userName) => new(userName, ApplicationName, DeviceId, DeviceDescription, Permission);

    /// <summary>True when the query has none of Drive's parameters: Drive's probe, which only looks at the status.</summary>
    public static bool IsProbe(IQueryCollection query) => query.Count == 0;

    private static bool TryFlag(string? value, bool defaultValue, out bool flag)
    {
        flag = value is null ? defaultValue : string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
        return value is null || flag || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
    }
}
