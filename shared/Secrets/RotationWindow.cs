namespace Gatehouse.Secrets;

/// <summary>
/// Which older versions of a secret stay accepted beside the current one (SPEC §3), and until when, so that material
/// made just before a rotation keeps working. A version retires when the next one is created and stays accepted for
/// the overlap after that, never past its own expiry; only enabled versions whose validity has begun count.
/// </summary>
internal sealed class RotationWindow(TimeSpan overlap)
{
    /// <summary>False without an overlap: only the current version is ever accepted, and the versions need not be listed.</summary>
    public bool KeepsPreviousVersions => overlap > TimeSpan.Zero;

    /// <summary>
    /// The versions of <paramref name="versions"/> accepted at <paramref name="now"/> besides the current one (created at
    /// <paramref name="currentCreated"/>), each with the end of its acceptance, newest first: callers trying versions in
    /// order hit the likelier one sooner.
    /// </summary>
    public IReadOnlyList<(string Version, DateTimeOffset AcceptedUntil)> PreviousAccepted(
        string currentVersion, DateTimeOffset currentCreated, IReadOnlyCollection<ListedVersion> versions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (!KeepsPreviousVersions)
        {
            return [];
        }

        var accepted = new List<(string Version, DateTimeOffset AcceptedUntil)>();
        foreach (var version in versions)
        {
            if (!version.Enabled
                || version.Created >= currentCreated
                || string.Equals(version.Version, currentVersion, StringComparison.Ordinal)
                || version.NotBefore > now)
            {
                continue;
            }

            var replacedOn = versions.Select(v => v.Created).Where(created => created > version.Created).Append(currentCreated).Min();
            var acceptedUntil = replacedOn + overlap;
            if (version.ExpiresOn < acceptedUntil)
            {
                acceptedUntil = version.ExpiresOn.Value;
            }

            if (acceptedUntil > now)
            {
                accepted.Add((version.Version, acceptedUntil));
            }
        }

        return accepted.OrderByDescending(a => a.AcceptedUntil).ToList();
    }
}
