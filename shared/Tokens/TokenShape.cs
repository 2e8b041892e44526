namespace Gatehouse.Tokens;

/// <summary>
/// The shape new tokens are issued in (<c>Gatehouse:Tokens:Format</c>). Both are derived and stored the same way
/// (<see cref="TokenFormat"/>), and both are recognised on lookup whatever the setting, so switching it never
/// breaks a token already handed out.
/// </summary>
public enum TokenShape
{
    /// <summary><c>gth_</c>, 256 bits and a checksum: secret scanners find it, typos never reach storage.</summary>
    Prefixed,

    /// <summary>
    /// Nuxeo's own shape, <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c> in lower-case hex (128 bits): Nuxeo Drive 7.0.1
    /// accepts nothing else in its <c>nxdrive://token/…</c> hand-back. No prefix and no checksum.
    /// </summary>
    Uuid,
}
