using System.Text;

namespace Gatehouse.Bench;

/// <summary>
/// Header files for floods of wrong Basic passwords (issue #10: 32 parallel loops of them took a cached token
/// decision's p99 from 4 ms to 2.4 s). Two attacks: a targeted one, a few logins guessed over and over (bans trip
/// within seconds and answer from memory), and a spray, every request a login never seen before (no ban ever
/// trips: the hashing gate alone stands between the flood and the CPU). None of the logins exists: an unknown login
/// costs the same hash as a wrong password, and the bench user must stay unbanned for the other cases.
/// </summary>
internal static class PasswordFlood
{
    public const int Connections = 32;
    public const int TargetedLogins = 16;
    public const int SprayLogins = 100_000;

    /// <summary>The same few logins each run: after the first seconds of the first round they are banned.</summary>
    public static string WriteTargeted(string path, string prefix) => Write(path, Enumerable.Range(0, TargetedLogins).Select(i => $"{prefix}-{i}"));

    /// <summary>Fresh logins for every run, more than a run sends: no login is ever checked twice.</summary>
    public static string WriteSpray(string path, string prefix)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return Write(path, Enumerable.Range(0, SprayLogins).Select(i => $"{prefix}-{run}-{i}"));
    }

    private static string Write(string path, IEnumerable<string> logins)
    {
        using var writer = new StreamWriter(path);
        foreach (var login in logins)
        {
            writer.WriteLine("Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":not-the-password")));
        }

        return path;
    }
}
