namespace Gatehouse.Tokens;

/// <summary>What a presented token turned out to be.</summary>
public enum TokenStatus
{
    /// <summary>A live binding: the token authenticates.</summary>
    Valid,

    /// <summary>Not a Gatehouse token at all (wrong shape or checksum): rejected without a storage read.</summary>
    Malformed,

    /// <summary>Well-formed, but no live binding: never issued, or revoked.</summary>
    Unknown,

    /// <summary>The binding exists but its <c>expiresAt</c> has passed.</summary>
    Expired,
}
