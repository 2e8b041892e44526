using System.Security.Cryptography;
using Gatehouse.Chain;
using Gatehouse.Regulation;
using Gatehouse.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OtpNet;

namespace Gatehouse.Mfa;

/// <summary>
/// <see cref="ISecondFactor"/> over the <see cref="ISecondFactorStore"/>. Every check reads the user's record, checks
/// the code against it, and writes what it used up (the step, or the recovery code) conditionally on the record read:
/// two instances checking one code race for one write, and the loser, reading again, finds the code used.
/// </summary>
internal sealed class SecondFactorService : ISecondFactor
{
    private const string Issuer = "Gatehouse";

    /// <summary>
    /// Conflicting writes tolerated before giving up: each one means someone else's write succeeded, so a check
    /// gives up only after more than this many of the user's own codes were accepted meanwhile (five recovery codes
    /// used at once from two instances lost five races on a busy machine, once, with a limit of five).
    /// </summary>
    private const int MaxAttempts = 8;

    /// <summary>Longer input is no code of any kind: refused without reading it.</summary>
    private const int MaxCodeLength = 64;

    private readonly ISecondFactorStore _store;
    private readonly TotpSecretProtector _protector;
    private readonly SecondFactorRegulation _regulation;
    private readonly MfaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SecondFactorService> _logger;

    public SecondFactorService(
        ISecondFactorStore store,
        TotpSecretProtector protector,
        SecondFactorRegulation regulation,
        IOptions<MfaOptions> options,
        TimeProvider time,
        ILogger<SecondFactorService> logger)
    {
        _store = store;
        _protector = protector;
        _regulation = regulation;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>What a check is for: it decides which record it needs and what it writes once the code is accepted.</summary>
    private enum Purpose
    {
        Verify,
        Confirm,
        ReplaceRecoveryCodes,
        Disable,
    }

    public async ValueTask<SecondFactorStatus> GetStatusAsync(Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var required = !principal.IsAnonymous && _options.IsRequiredFor(principal.IsAdministrator);
        var record = principal.IsAnonymous ? null : await _store.GetAsync(principal.UserName, cancellationToken);
        return record is null
            ? new SecondFactorStatus(required, Enrolled: false, Pending: false, RecoveryCodesLeft: 0, Since: null)
            : new SecondFactorStatus(required, record.Active, !record.Active, record.Active ? record.RecoveryHashes.Count : 0, record.Since);
    }

    public async ValueTask<TotpEnrolment?> BeginEnrolmentAsync(Principal principal, CancellationToken cancellationToken = default)
    {
        var userName = SubjectOf(principal);
        var secret = RandomNumberGenerator.GetBytes(TotpCodes.SecretBytes);
        try
        {
            var sealedSecret = await _protector.SealAsync(userName, secret, cancellationToken);
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var existing = await _store.GetAsync(userName, cancellationToken);
                if (existing is { Active: true })
                {
                    return null;
                }

                var pending = new SecondFactorRecord(userName, Active: false, sealedSecret, LastStep: -1, RecoverySalt: string.Empty, RecoveryHashes: [], _time.GetUtcNow());
                var written = existing is null
                    ? await _store.TryAddAsync(pending, cancellationToken)
                    : await _store.TryReplaceAsync(pending with { ETag = existing.ETag }, cancellationToken);
                if (written)
                {
                    MfaLog.EnrolmentBegun(_logger, userName);
                    GatehouseTelemetry.Count(GatehouseTelemetry.SecondFactorEvents, "begun");
                    return Enrolment(userName, secret);
                }
            }

            throw KeptChanging(userName);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public ValueTask<SecondFactorCheck> ConfirmEnrolmentAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default) =>
        CheckAsync(principal, code, client, Purpose.Confirm, cancellationToken);

    public ValueTask<SecondFactorCheck> VerifyAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default) =>
        CheckAsync(principal, code, client, Purpose.Verify, cancellationToken);

    public ValueTask<SecondFactorCheck> ReplaceRecoveryCodesAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default) =>
        CheckAsync(principal, code, client, Purpose.ReplaceRecoveryCodes, cancellationToken);

    public ValueTask<SecondFactorCheck> DisableAsync(Principal principal, string code, AttemptClient client = default, CancellationToken cancellationToken = default) =>
        CheckAsync(principal, code, client, Purpose.Disable, cancellationToken);

    public async ValueTask<bool> ResetAsync(string userName, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (!await _store.DeleteAsync(userName, eTag: null, cancellationToken))
        {
            return false;
        }

        MfaLog.Reset(_logger, actor, userName);
        GatehouseTelemetry.Count(GatehouseTelemetry.SecondFactorEvents, "reset");
        return true;
    }

    private async ValueTask<SecondFactorCheck> CheckAsync(Principal principal, string code, AttemptClient client, Purpose purpose, CancellationToken cancellationToken)
    {
        var userName = SubjectOf(principal);
        ArgumentNullException.ThrowIfNull(code);
        var address = client.Resolve();
        if (await _regulation.BanAsync(userName, address, cancellationToken) is { } ban)
        {
            return SecondFactorCheck.Throttled(ban.Reason, ban.Remaining);
        }

        var typed = code.Length > MaxCodeLength ? string.Empty : string.Concat(code.Where(c => !char.IsWhiteSpace(c)));
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = await _store.GetAsync(userName, cancellationToken);
            if (record is null || record.Active == (purpose == Purpose.Confirm))
            {
                return SecondFactorCheck.NotEnrolled;
            }

            var (used, failure) = await UseAsync(record, typed, purpose, cancellationToken);
            if (failure is not null)
            {
                if (failure.Outcome is SecondFactorOutcome.Refused or SecondFactorOutcome.Replayed)
                {
                    await _regulation.FailedAsync(userName, principal.Email, address, cancellationToken);
                    GatehouseTelemetry.Count(GatehouseTelemetry.SecondFactorEvents, failure.Outcome == SecondFactorOutcome.Replayed ? "replayed" : "refused");
                }

                return failure;
            }

            var usedRecoveryCode = used!.RecoveryHashes.Count < record.RecoveryHashes.Count;
            var newCodes = purpose is Purpose.Confirm or Purpose.ReplaceRecoveryCodes ? RecoveryCodes.Generate() : null;
            var next = purpose == Purpose.Disable ? null : newCodes is null ? used : WithRecoveryCodes(used, newCodes, purpose);
            var written = next is null
                ? await _store.DeleteAsync(userName, record.ETag, cancellationToken)
                : await _store.TryReplaceAsync(next, cancellationToken);
            if (!written)
            {
                // Someone else wrote first; reading again shows what they used (this very code, it may be).
                continue;
            }

            _regulation.Succeeded(userName);
            Accepted(userName, purpose, usedRecoveryCode, next);
            return SecondFactorCheck.Accepted(next?.RecoveryHashes.Count ?? 0, usedRecoveryCode, newCodes);
        }

        throw KeptChanging(userName);
    }

    /// <summary>
    /// <paramref name="record"/> with <paramref name="typed"/> used up (its step recorded, or the recovery code
    /// removed), or the check's failure.
    /// </summary>
    private async ValueTask<(SecondFactorRecord? Used, SecondFactorCheck? Failure)> UseAsync(SecondFactorRecord record, string typed, Purpose purpose, CancellationToken cancellationToken)
    {
        if (TotpCodes.IsCode(typed))
        {
            return await UseCodeAsync(record, typed, cancellationToken);
        }

        // An enrolment is confirmed with a code from the app: a pending one has no recovery codes yet.
        if (purpose != Purpose.Confirm && RecoveryCodes.Normalize(typed) is { } normalized)
        {
            var index = RecoveryCodes.IndexOf(record.RecoveryHashes, RecoveryCodes.Hash(record.RecoverySalt, record.UserName, normalized));
            if (index >= 0)
            {
                return (record with { RecoveryHashes = record.RecoveryHashes.Where((_, i) => i != index).ToArray() }, null);
            }
        }

        MfaLog.CodeRefused(_logger, record.UserName, purpose == Purpose.Confirm ? "not a current code" : "neither a current code nor an unused recovery code");
        return (null, SecondFactorCheck.Refused);
    }

    private async ValueTask<(SecondFactorRecord? Used, SecondFactorCheck? Failure)> UseCodeAsync(SecondFactorRecord record, string typed, CancellationToken cancellationToken)
    {
        if (await _protector.OpenAsync(record.UserName, record.Secret, cancellationToken) is not var (secret, isCurrent))
        {
            MfaLog.SecretUnreadable(_logger, record.UserName, record.Secret.KeyVersion);
            return (null, SecondFactorCheck.Unreadable);
        }

        try
        {
            var step = TotpCodes.Match(secret, typed, TotpCodes.StepAt(_time.GetUtcNow()), _options.Window);
            if (step is null)
            {
                MfaLog.CodeRefused(_logger, record.UserName, "not a current code");
                return (null, SecondFactorCheck.Refused);
            }

            // RFC 6238 §5.2: once a code is accepted, no code of that step or an earlier one is.
            if (step <= record.LastStep)
            {
                MfaLog.CodeRefused(_logger, record.UserName, "code already used");
                return (null, SecondFactorCheck.Replayed);
            }

            var used = record with { LastStep = step.Value };
            if (isCurrent)
            {
                return (used, null);
            }

            // Sealed under a version that a rotation will retire: sealed again under the current one while it still opens.
            var resealed = await _protector.SealAsync(record.UserName, secret, cancellationToken);
            MfaLog.SecretResealed(_logger, record.UserName, record.Secret.KeyVersion, resealed.KeyVersion);
            return (used with { Secret = resealed }, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private SecondFactorRecord WithRecoveryCodes(SecondFactorRecord record, string[] codes, Purpose purpose)
    {
        var salt = RecoveryCodes.NewSalt();
        var hashes = codes.Select(code => RecoveryCodes.Hash(salt, record.UserName, RecoveryCodes.Normalize(code)!)).ToArray();
        return purpose == Purpose.Confirm
            ? record with { Active = true, RecoverySalt = salt, RecoveryHashes = hashes, Since = _time.GetUtcNow() }
            : record with { RecoverySalt = salt, RecoveryHashes = hashes };
    }

    private void Accepted(string userName, Purpose purpose, bool usedRecoveryCode, SecondFactorRecord? next)
    {
        GatehouseTelemetry.Count(GatehouseTelemetry.SecondFactorEvents, usedRecoveryCode ? "recovery-used" : "accepted");
        if (usedRecoveryCode)
        {
            MfaLog.RecoveryCodeUsed(_logger, userName, next?.RecoveryHashes.Count ?? 0);
        }

        switch (purpose)
        {
            case Purpose.Confirm:
                MfaLog.Enrolled(_logger, userName, RecoveryCodes.Count);
                GatehouseTelemetry.Count(GatehouseTelemetry.SecondFactorEvents, "enrolled");
                break;
            case Purpose.ReplaceRecoveryCodes:
                MfaLog.RecoveryCodesReplaced(_logger, userName, RecoveryCodes.Count);
                break;
            case Purpose.Disable:
                MfaLog.Disabled(_logger, userName, usedRecoveryCode ? "recovery code" : "code");
                GatehouseTelemetry.Count(GatehouseTelemetry.SecondFactorEvents, "disabled");
                break;
        }
    }

    private static TotpEnrolment Enrolment(string userName, byte[] secret)
    {
        var uri = new OtpUri(OtpType.Totp, secret, userName, Issuer, OtpHashMode.Sha1, TotpCodes.Digits, TotpCodes.Period).ToString();
        var base32 = Base32Encoding.ToString(secret);
        var key = string.Join(' ', base32.Chunk(4).Select(group => new string(group)));
        return new TotpEnrolment(uri, key, TotpQrCode.Svg(uri));
    }

    private static string SubjectOf(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.IsAnonymous ? throw new ArgumentException("The anonymous user has no second factor.", nameof(principal)) : principal.UserName;
    }

    private static ConcurrentChangeException KeptChanging(string userName) =>
        new($"The second factor of '{userName}' kept changing while being checked; try again.");
}
