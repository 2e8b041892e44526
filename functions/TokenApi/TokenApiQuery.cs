using System.Globalization;
using Gatehouse.Functions.Http;
using Gatehouse.Tokens;

namespace Gatehouse.Functions.TokenApi;

/// <summary>The token API's query parameters (Nuxeo's names).</summary>
internal static class TokenApiQuery
{
    public const string User = "user";
    public const string Application = "application";
    public const string DeviceId = "deviceId";
    public const string DeviceDescription = "deviceDescription";
    public const string Permission = "permission";
    public const string ExpiresIn = "expiresIn";

    /// <summary>The longest <c>expiresIn</c> accepted as a number: 100 years, so the sum with now cannot overflow.</summary>
    private const long MaxExpiresInSeconds = 100L * 366 * 24 * 3600;

    /// <summary>The request to create a token for <paramref name="userName"/>, or the problem with the parameters (a 400 text).</summary>
    public static TokenRequest? ToCreateRequest(IQueryCollection query, string userName, out string? problem)
    {
        var application = query.Value(Application);
        var deviceId = query.Value(DeviceId);
        var permission = query.Value(Permission);
        var missing = new[] { (Application, application), (DeviceId, deviceId), (Permission, permission) }
            .Where(parameter => parameter.Item2 is null)
            .Select(parameter => parameter.Item1)
            .ToList();
        if (missing.Count > 0)
        {
            problem = $"Missing required parameter(s) to create a token: {string.Join(", ", missing)}.";
            return null;
        }

        if (query.Value(User) is not null)
        {
            problem = "The user parameter is not accepted here: tokens are created for the caller.";
            return null;
        }

        TimeSpan? lifetime = null;
        if (query.Value(ExpiresIn) is { } expiresIn)
        {
            if (!long.TryParse(expiresIn, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > MaxExpiresInSeconds)
            {
                problem = "expiresIn must be a whole number of seconds, at least 1 (longer than the default lifetime means the default).";
                return null;
            }

            lifetime = TimeSpan.FromSeconds(seconds);
        }

        problem = null;
        return new TokenRequest(userName, application!, deviceId!, query.Value(DeviceDescription), permission!, lifetime);
    }
}
