using System.Security.Cryptography;

namespace Gatehouse.Bench;

/// <summary>
/// One handler instance's configuration, as environment variables (how the Functions host passes app settings).
/// Secrets are random per bench run; the admin is the bootstrap user every figure authenticates as.
/// </summary>
internal sealed class HandlerSettings
{
    public const string UserName = "bench";

    public string Password { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    public string TokenKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string PortalSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// The handler's settings against <paramref name="storage"/>; <paramref name="cached"/> false switches every hot-path
    /// cache off; <paramref name="hashingNice"/> sets the hashing threads' nice value (null: as shipped).
    /// </summary>
    public IReadOnlyDictionary<string, string> For(string storage, bool cached = true, int? hashingNice = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Gatehouse__Storage__ConnectionString"] = storage,
            ["Gatehouse__Bootstrap__UserName"] = UserName,
            ["Gatehouse__Bootstrap__Password"] = Password,
            ["Gatehouse__Secrets__token-key"] = TokenKey,
            ["Gatehouse__Secrets__portal-sso-secret"] = PortalSecret,

            // The shipped default chain plus PORTAL_AUTH, so one instance answers every credential kind.
            ["Gatehouse__Chain__Default__0"] = "BASIC_AUTH",
            ["Gatehouse__Chain__Default__1"] = "TOKEN_AUTH",
            ["Gatehouse__Chain__Default__2"] = "PORTAL_AUTH",

            // lastUsed is written on a token's first use; the seeder uses every token once, and this keeps the
            // measured runs read-only, whatever their length.
            ["Gatehouse__Tokens__LastUsedInterval"] = "1.00:00:00",
        };
        if (hashingNice is { } nice)
        {
            settings["Gatehouse__Regulation__HashingNice"] = nice.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!cached)
        {
            settings["Gatehouse__Cache__TokenTtl"] = "00:00:00";
            settings["Gatehouse__Cache__NegativeTtl"] = "00:00:00";
            settings["Gatehouse__Cache__CredentialTtl"] = "00:00:00";
        }

        return settings;
    }
}
