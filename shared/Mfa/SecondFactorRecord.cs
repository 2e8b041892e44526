namespace Gatehouse.Mfa;

/// <summary>
/// A user's second factor as stored: one row per user. <see cref="Active"/> false is an enrolment begun and not yet
/// confirmed, which changes nothing at sign-in.
/// </summary>
/// <param name="UserName">The user's name as given at enrolment (the row is keyed by its lower-case form).</param>
/// <param name="Active">Confirmed with a code: sign-in asks for one.</param>
/// <param name="Secret">The TOTP secret, encrypted.</param>
/// <param name="LastStep">The last time step a code was accepted for; only later steps are accepted (replay). -1 before any.</param>
/// <param name="RecoverySalt">The salt of <paramref name="RecoveryHashes"/> (base64); empty while pending.</param>
/// <param name="RecoveryHashes">The recovery codes not used yet, hashed.</param>
/// <param name="Since">When the enrolment was begun, or confirmed once <see cref="Active"/>.</param>
/// <param name="ETag">The stored version this was read at, for conditional writes; null for a record not stored yet.</param>
internal sealed record SecondFactorRecord(
    string UserName,
    bool Active,
    SealedSecret Secret,
    long LastStep,
    string RecoverySalt,
    IReadOnlyList<string> RecoveryHashes,
    DateTimeOffset Since,
    string? ETag = null);
