using Gatehouse.Functions.TokenApi;
using Gatehouse.Mfa;

namespace Gatehouse.Functions.SignIn;

/// <summary>A body that carries a second-factor code, or a recovery code (<c>{"code": "123 456"}</c>); the code may be absent.</summary>
internal sealed record CodeJson(string? Code);

/// <summary>
/// A completed web sign-in: the page session (its token, shown to this page only) and where the user's second factor
/// stands; <see cref="RecoveryCodes"/> only when this sign-in confirmed an enrolment (shown once).
/// </summary>
internal sealed record SignedInJson(IssuedTokenJson Session, SecondFactorJson SecondFactor, IReadOnlyList<string>? RecoveryCodes);

/// <summary>Where a user's second factor stands, for the page's Security section.</summary>
internal sealed record SecondFactorJson(bool Required, bool Enrolled, int RecoveryCodesLeft)
{
    public static SecondFactorJson From(SecondFactorStatus status) => new(status.Required, status.Enrolled, status.RecoveryCodesLeft);
}

/// <summary>
/// Why a sign-in (or a second-factor change) did not complete, for the page to act on: <see cref="Error"/> is one of
/// <see cref="SignInErrors"/>, <see cref="Message"/> what to tell the user.
/// </summary>
internal sealed record SignInProblemJson(string Error, string Message);

/// <summary>An enrolment begun: the key URI, the key as text, and the QR code as an SVG element to insert as it is.</summary>
internal sealed record EnrolmentJson(string Uri, string Key, string QrCodeSvg);

/// <summary>New recovery codes, shown once, with where the second factor now stands.</summary>
internal sealed record RecoveryCodesJson(IReadOnlyList<string> RecoveryCodes, SecondFactorJson SecondFactor);

/// <summary>The <see cref="SignInProblemJson.Error"/> values: stable, the page branches on them.</summary>
internal static class SignInErrors
{
    /// <summary>The password was right; the account has a second factor: send it again with a code.</summary>
    public const string CodeRequired = "code_required";

    /// <summary>The code is not a current code nor an unused recovery code.</summary>
    public const string CodeRefused = "code_refused";

    /// <summary>The right code, already used: wait for the next one.</summary>
    public const string CodeReplayed = "code_replayed";

    /// <summary>The secret cannot be read any more: only a recovery code (or an administrator's reset) helps.</summary>
    public const string CodeUnreadable = "code_unreadable";

    /// <summary>The policy requires a second factor the account does not have: enrol (begin, then sign in with a code).</summary>
    public const string EnrolmentRequired = "enrolment_required";

    /// <summary>Nothing to confirm, disable or replace: the account has no (pending) second factor.</summary>
    public const string NotEnrolled = "not_enrolled";

    /// <summary>The account already has a second factor: turn it off first.</summary>
    public const string AlreadyEnrolled = "already_enrolled";

    /// <summary>The request body is not the JSON this call takes.</summary>
    public const string InvalidRequest = "invalid_request";
}
