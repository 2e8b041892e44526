using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Bench;

/// <summary>
/// Writes files of portal SSO header lines (SPEC §5.3, MD5: Nuxeo's default) for <c>bench/headers.lua</c>. Each
/// line has its own random, so with replay protection on (the default) no request is a replay.
/// </summary>
internal static class PortalSigner
{
    public static string WriteHeaderFile(string path, string secret, string user, int lines)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        using var writer = new StreamWriter(path);
        for (var i = 0; i < lines; i++)
        {
            var random = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
#pragma warning disable CA5351 // MD5 is what the portal protocol signs with by default (Nuxeo): the bench measures that.
            var signature = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes($"{timestamp}:{random}:{secret}:{user}")));
#pragma warning restore CA5351
            writer.WriteLine($"NX_TS: {timestamp}\tNX_RD: {random}\tNX_USER: {user}\tNX_TOKEN: {signature}");
        }

        return path;
    }
}
