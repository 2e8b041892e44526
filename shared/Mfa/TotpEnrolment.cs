namespace Gatehouse.Mfa;

/// <summary>
/// An enrolment begun: what the user's authenticator app needs. Nothing changes at sign-in until it is confirmed
/// with a code (<see cref="ISecondFactor.ConfirmEnrolmentAsync"/>). Show it once; it is a secret.
/// </summary>
/// <param name="Uri">
/// The key URI apps scan: <c>otpauth://totp/Gatehouse:&lt;user&gt;?secret=…&amp;issuer=Gatehouse&amp;algorithm=SHA1&amp;digits=6&amp;period=30</c>.
/// </param>
/// <param name="Key">The same key as base32 text in groups of four, for typing it in.</param>
/// <param name="QrCodeSvg">
/// <paramref name="Uri"/> as a QR code: an <c>&lt;svg&gt;</c> element of rectangles and one path, with no script, no
/// style and no event attribute, so a page with a strict Content-Security-Policy can embed it as it is.
/// </param>
public sealed record TotpEnrolment(string Uri, string Key, string QrCodeSvg)
{
    /// <summary>Keeps the key out of logs and exception messages that print records.</summary>
    public override string ToString() => "TotpEnrolment { (secret) }";
}
