using Gatehouse.Functions.Http;
using Gatehouse.Tokens;

namespace Gatehouse.Functions.Endpoints;

/// <summary>The handshake's parameters (URL-decoded by the host). There is no userName parameter: the user is the principal.</summary>
internal sealed record HandshakeRequest(
    string UserName,
    string? ApplicationName,
    string? DeviceId,
    string? DeviceDescription,
    string? Permission,
    bool Revoke)
{
    public static HandshakeRequest From(IQueryCollection query, string userName) => new(
        userName,
        query.Value("applicationName"),
        query.Value("deviceId"),
        query.Value("deviceDescription"),
        query.Value("permission"),
        string.Equals(query.Value("revoke"), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>The required parameters that are missing or empty: permission is not needed to revoke.</summary>
    public IReadOnlyList<string> MissingParameters()
    {
        var missing = new List<string>(3);
        if (ApplicationName is null)
        {
            missing.Add("applicationName");
        }

        if (DeviceId is null)
        {
            missing.Add("deviceId");
        }

        if (!Revoke && Permission is null)
        {
            missing.Add("permission");
        }

        return missing;
    }

    public TokenRequest ToTokenRequest() => new(UserName, ApplicationName!, DeviceId!, DeviceDescription, Permission!);
}
