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
        Value(query, "applicationName"),
        Value(query, "deviceId"),
        Value(query, "deviceDescription"),
        Value(query, "permission"),
        string.Equals(Value(query, "revoke"), "true", StringComparison.OrdinalIgnoreCase));

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

    private static string? Value(IQueryCollection query, string name)
    {
        var values = query[name];
        return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
    }
}
