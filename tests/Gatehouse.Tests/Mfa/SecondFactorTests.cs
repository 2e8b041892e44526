using System.Net;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Chain;
using Gatehouse.Mfa;
using Gatehouse.Secrets;
using Gatehouse.Tests.Fakes;
using Gatehouse.Users;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Gatehouse.Tests.Mfa;

/// <summary>
/// The second factor as sign-in pages use it (<see cref="ISecondFactor"/>, wired as the app wires it, over an
/// in-memory store and a fake clock): enrolment, the window, replay, recovery codes, turning it off and resets.
/// </summary>
public sealed class SecondFactorTests : IDisposable
{
    private static readonly Principal Alice = PrincipalOf("alice", "alice@example.com");
    private static readonly AttemptClient FromAttacker = AttemptClient.Known(IPAddress.Parse("198.51.100.7"));

    private TestServices _services = Create();

    private ISecondFactor Mfa => _services.Provider.GetRequiredService<ISecondFactor>();

    private long Now => TotpCodes.StepAt(_services.Time.GetUtcNow());

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Enrolment_shows_an_otpauth_uri_the_key_as_spaced_base32_and_an_svg_qr_code_without_script_or_style()
    {
        var enrolment = (await Mfa.BeginEnrolmentAsync(Alice))!;

        var secret = SecretOf(enrolment);
        Assert.Equal(20, secret.Length);
        Assert.Equal($"otpauth://totp/Gatehouse:alice?secret={Base32Encoding.ToString(secret)}&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30", enrolment.Uri);
        Assert.Matches("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", enrolment.Key);
        Assert.StartsWith("<svg ", enrolment.QrCodeSvg, StringComparison.Ordinal);
        Assert.Contains("viewBox=", enrolment.QrCodeSvg, StringComparison.Ordinal);
        foreach (var forbidden in (string[])["<script", "style", " on", "javascript:", "href", "<image", "<foreignObject"])
        {
            Assert.DoesNotContain(forbidden, enrolment.QrCodeSvg, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(enrolment.Key.Replace(" ", string.Empty, StringComparison.Ordinal), enrolment.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_enrolment_makes_a_new_secret_and_the_users_name_is_escaped_in_the_uri()
    {
        var first = (await Mfa.BeginEnrolmentAsync(PrincipalOf("bob smith")))!;
        var second = (await Mfa.BeginEnrolmentAsync(PrincipalOf("bob smith")))!;

        Assert.NotEqual(first.Key, second.Key);
        Assert.StartsWith("otpauth://totp/Gatehouse:bob%20smith?", first.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pending_enrolment_changes_nothing_at_sign_in()
    {
        var secret = SecretOf((await Mfa.BeginEnrolmentAsync(Alice))!);

        var status = await Mfa.GetStatusAsync(Alice);
        Assert.False(status.Enrolled);
        Assert.True(status.Pending);
        Assert.False(status.MustVerify);
        Assert.Equal(SecondFactorOutcome.NotEnrolled, (await Mfa.VerifyAsync(Alice, Code(secret))).Outcome);
    }

    [Fact]
    public async Task An_enrolment_becomes_active_only_with_a_current_code_and_gives_ten_recovery_codes_once()
    {
        var secret = SecretOf((await Mfa.BeginEnrolmentAsync(Alice))!);

        Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.ConfirmEnrolmentAsync(Alice, Code(secret, -3))).Outcome);
        Assert.False((await Mfa.GetStatusAsync(Alice)).Enrolled);

        var confirmed = await Mfa.ConfirmEnrolmentAsync(Alice, Code(secret));
        Assert.True(confirmed.IsAccepted);
        Assert.Equal(10, confirmed.RecoveryCodes!.Count);
        Assert.Equal(new SecondFactorStatus(false, true, false, 10, _services.Time.GetUtcNow()), await Mfa.GetStatusAsync(Alice));

        _services.Time.Advance(TimeSpan.FromSeconds(30));
        var verified = await Mfa.VerifyAsync(Alice, Code(secret));
        Assert.True(verified.IsAccepted);
        Assert.Null(verified.RecoveryCodes);
        Assert.Equal(SecondFactorOutcome.NotEnrolled, (await Mfa.ConfirmEnrolmentAsync(Alice, Code(secret, 1))).Outcome);
    }

    [Fact]
    public async Task The_recovery_codes_are_stored_hashed()
    {
        var (_, codes) = await EnrolAsync(Alice);

        var stored = _services.SecondFactors["alice"]!;
        Assert.Equal(10, stored.RecoveryHashes.Count);
        foreach (var code in codes)
        {
            Assert.DoesNotContain(stored.RecoveryHashes, hash => hash.Contains(RecoveryCodes.Normalize(code)!, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(-2, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public async Task A_code_is_accepted_one_time_step_either_side_of_now_and_no_further(int offset, bool accepted)
    {
        var (secret, _) = await EnrolAsync(Alice);
        _services.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(accepted, (await Mfa.VerifyAsync(Alice, Code(secret, offset))).IsAccepted);
    }

    [Theory]
    [InlineData("Gatehouse:Mfa:Window=0", -1, false)]
    [InlineData("Gatehouse:Mfa:Window=0", 0, true)]
    [InlineData("Gatehouse:Mfa:Window=2", -2, true)]
    [InlineData("Gatehouse:Mfa:Window=2", 3, false)]
    public async Task The_window_is_configurable(string setting, int offset, bool accepted)
    {
        Recreate(setting);
        var (secret, _) = await EnrolAsync(Alice);
        _services.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(accepted, (await Mfa.VerifyAsync(Alice, Code(secret, offset))).IsAccepted);
    }

    [Fact]
    public async Task The_time_step_turns_on_a_multiple_of_thirty_seconds()
    {
        Recreate("Gatehouse:Mfa:Window=0");
        var (secret, _) = await EnrolAsync(Alice);
        _services.Time.Advance(TimeSpan.FromSeconds(59.999));
        var step = Now;

        Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.VerifyAsync(Alice, TotpCodes.Compute(secret, step + 1))).Outcome);
        Assert.True((await Mfa.VerifyAsync(Alice, TotpCodes.Compute(secret, step))).IsAccepted);
        _services.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(step + 1, Now);
        Assert.True((await Mfa.VerifyAsync(Alice, TotpCodes.Compute(secret, step + 1))).IsAccepted);
    }

    [Fact]
    public async Task A_used_code_is_refused_as_replayed_within_its_step_and_so_is_any_earlier_steps_code()
    {
        var (secret, _) = await EnrolAsync(Alice);
        _services.Time.Advance(TimeSpan.FromSeconds(30));
        var code = Code(secret);

        Assert.True((await Mfa.VerifyAsync(Alice, code)).IsAccepted);
        _services.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(SecondFactorOutcome.Replayed, (await Mfa.VerifyAsync(Alice, code)).Outcome);
        Assert.Equal(SecondFactorOutcome.Replayed, (await Mfa.VerifyAsync(Alice, Code(secret, -1))).Outcome);
    }

    [Fact]
    public async Task The_next_steps_code_is_accepted_after_one_was_used()
    {
        var (secret, _) = await EnrolAsync(Alice);
        _services.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await Mfa.VerifyAsync(Alice, Code(secret))).IsAccepted);

        _services.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.True((await Mfa.VerifyAsync(Alice, Code(secret))).IsAccepted);
    }

    [Fact]
    public async Task The_code_that_confirmed_the_enrolment_cannot_sign_in()
    {
        var secret = SecretOf((await Mfa.BeginEnrolmentAsync(Alice))!);
        var code = Code(secret);
        Assert.True((await Mfa.ConfirmEnrolmentAsync(Alice, code)).IsAccepted);

        Assert.Equal(SecondFactorOutcome.Replayed, (await Mfa.VerifyAsync(Alice, code)).Outcome);
    }

    [Fact]
    public async Task A_recovery_code_works_once_however_it_is_typed()
    {
        var (_, codes) = await EnrolAsync(Alice);
        var typed = " " + codes[3].ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal).Replace('1', 'l').Replace('0', 'O') + " ";

        var used = await Mfa.VerifyAsync(Alice, typed);

        Assert.True(used.IsAccepted);
        Assert.True(used.UsedRecoveryCode);
        Assert.Equal(9, used.RecoveryCodesLeft);
        Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.VerifyAsync(Alice, codes[3])).Outcome);
        Assert.True((await Mfa.VerifyAsync(Alice, codes[4])).IsAccepted);
        Assert.Equal(8, (await Mfa.GetStatusAsync(Alice)).RecoveryCodesLeft);
    }

    [Fact]
    public async Task Replacing_the_recovery_codes_takes_a_fresh_code_and_retires_every_old_one()
    {
        var (secret, old) = await EnrolAsync(Alice);
        Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.ReplaceRecoveryCodesAsync(Alice, "wrong")).Outcome);
        _services.Time.Advance(TimeSpan.FromSeconds(30));

        var replaced = await Mfa.ReplaceRecoveryCodesAsync(Alice, Code(secret));

        Assert.True(replaced.IsAccepted);
        Assert.Equal(10, replaced.RecoveryCodes!.Count);
        Assert.Empty(replaced.RecoveryCodes.Intersect(old));
        Assert.All(old, code => Assert.Equal(-1, RecoveryCodes.IndexOf(_services.SecondFactors["alice"]!.RecoveryHashes, RecoveryCodes.Hash(_services.SecondFactors["alice"]!.RecoverySalt, "alice", RecoveryCodes.Normalize(code)!))));
        Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.VerifyAsync(Alice, old[0])).Outcome);
        Assert.True((await Mfa.VerifyAsync(Alice, replaced.RecoveryCodes[0])).IsAccepted);
    }

    [Fact]
    public async Task Turning_it_off_takes_a_fresh_code()
    {
        var (secret, _) = await EnrolAsync(Alice);
        _services.Time.Advance(TimeSpan.FromSeconds(30));
        var code = Code(secret);
        Assert.True((await Mfa.VerifyAsync(Alice, code)).IsAccepted);

        Assert.Equal(SecondFactorOutcome.Replayed, (await Mfa.DisableAsync(Alice, code)).Outcome);
        Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.DisableAsync(Alice, "not a code")).Outcome);
        Assert.True((await Mfa.GetStatusAsync(Alice)).Enrolled);

        _services.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await Mfa.DisableAsync(Alice, Code(secret))).IsAccepted);

        Assert.Equal(new SecondFactorStatus(false, false, false, 0, null), await Mfa.GetStatusAsync(Alice));
        Assert.Equal(SecondFactorOutcome.NotEnrolled, (await Mfa.VerifyAsync(Alice, Code(secret, 1))).Outcome);
        Assert.Contains(_services.Logs.Entries, e => e.EventId.Id == LogEvents.MfaDisabled && e.Message.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Turning_it_off_with_a_recovery_code_works_without_the_phone()
    {
        var (_, codes) = await EnrolAsync(Alice);

        Assert.True((await Mfa.DisableAsync(Alice, codes[9])).IsAccepted);

        Assert.False((await Mfa.GetStatusAsync(Alice)).Enrolled);
    }

    [Fact]
    public async Task Beginning_again_while_enrolled_is_refused_while_pending_it_replaces_the_pending_secret()
    {
        var first = SecretOf((await Mfa.BeginEnrolmentAsync(Alice))!);
        var second = SecretOf((await Mfa.BeginEnrolmentAsync(Alice))!);

        Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.ConfirmEnrolmentAsync(Alice, Code(first))).Outcome);
        Assert.True((await Mfa.ConfirmEnrolmentAsync(Alice, Code(second))).IsAccepted);
        Assert.Null(await Mfa.BeginEnrolmentAsync(Alice));
        Assert.True((await Mfa.GetStatusAsync(Alice)).Enrolled);
    }

    [Fact]
    public async Task An_administrators_reset_is_logged_with_actor_and_user_and_the_user_must_enrol_again()
    {
        Recreate("Gatehouse:Mfa:Require=Everyone");
        var (_, codes) = await EnrolAsync(Alice);

        Assert.True(await Mfa.ResetAsync("ALICE", actor: "admin"));

        var status = await Mfa.GetStatusAsync(Alice);
        Assert.True(status.MustEnrol);
        Assert.Equal(SecondFactorOutcome.NotEnrolled, (await Mfa.VerifyAsync(Alice, codes[0])).Outcome);
        var reset = Assert.Single(_services.Logs.Entries, e => e.EventId.Id == LogEvents.MfaReset);
        Assert.Equal("Second factor of ALICE reset by admin: the user must enrol again", reset.Message);
        Assert.False(await Mfa.ResetAsync("alice", actor: "admin"));
        Assert.NotNull(await Mfa.BeginEnrolmentAsync(Alice));
    }

    [Fact]
    public async Task Wrong_codes_ban_the_users_logins_and_address_like_wrong_passwords()
    {
        var (secret, _) = await EnrolAsync(Alice);
        _services.Time.Advance(TimeSpan.FromSeconds(30));

        await GuessAsync(3);

        var refused = await Mfa.VerifyAsync(Alice, Code(secret), FromAttacker);
        Assert.Equal(SecondFactorOutcome.Throttled, refused.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(5), refused.RetryAfter);
        Assert.Equal(["address:198.51.100.7", "login:alice", "login:alice@example.com"], _services.Bans.Bans.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(DecisionKind.Throttled, (await SignInAsync("alice@example.com", "pw", "203.0.113.9")).Kind);
        Assert.Equal(SecondFactorOutcome.Throttled, (await Mfa.DisableAsync(Alice, Code(secret), AttemptClient.Known(IPAddress.Parse("203.0.113.9")))).Outcome);
    }

    [Fact]
    public async Task A_right_password_does_not_reset_the_count_of_wrong_codes_a_right_code_does()
    {
        var (secret, _) = await EnrolAsync(Alice);
        await GuessAsync(2, from: null);
        Assert.Equal(DecisionKind.Allowed, (await SignInAsync("alice", "pw", null)).Kind);
        await GuessAsync(1, from: null);

        Assert.Equal(SecondFactorOutcome.Throttled, (await Mfa.VerifyAsync(Alice, Code(secret, 1))).Outcome);

        Recreate();
        (secret, _) = await EnrolAsync(Alice);
        await GuessAsync(2, from: null);
        Assert.True((await Mfa.VerifyAsync(Alice, Code(secret, 1))).IsAccepted);
        await GuessAsync(2, from: null);
        _services.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.True((await Mfa.VerifyAsync(Alice, Code(secret))).IsAccepted);
    }

    [Fact]
    public async Task Switched_off_regulation_neither_counts_nor_bans_codes()
    {
        Recreate("Gatehouse:Regulation:Enabled=false");
        var (secret, _) = await EnrolAsync(Alice);
        await GuessAsync(10);

        Assert.True((await Mfa.VerifyAsync(Alice, Code(secret, 1), FromAttacker)).IsAccepted);
        Assert.Equal(0, _services.Bans.Reads + _services.Bans.Writes);
    }

    [Fact]
    public async Task No_key_code_or_recovery_code_is_ever_logged()
    {
        var enrolment = (await Mfa.BeginEnrolmentAsync(Alice))!;
        var secret = SecretOf(enrolment);
        var confirmation = Code(secret);
        var codes = (await Mfa.ConfirmEnrolmentAsync(Alice, confirmation)).RecoveryCodes!;
        await Mfa.VerifyAsync(Alice, confirmation);
        await Mfa.VerifyAsync(Alice, codes[0]);
        await Mfa.VerifyAsync(Alice, codes[0]);
        await Mfa.DisableAsync(Alice, codes[1]);

        string[] secrets = [enrolment.Key, Base32Encoding.ToString(secret), Convert.ToBase64String(secret), confirmation, .. codes, .. codes.Select(c => RecoveryCodes.Normalize(c)!)];
        Assert.NotEmpty(_services.Logs.Entries);
        Assert.All(_services.Logs.Entries, entry => Assert.DoesNotContain(secrets, s => entry.Message.Contains(s, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_secret_no_accepted_key_opens_is_unreadable_not_a_guess_and_a_recovery_code_still_works()
    {
        var (secret, codes) = await EnrolAsync(Alice);
        _services.Secrets.Set(SecretNames.MfaKey, NewKey());

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SecondFactorOutcome.Unreadable, (await Mfa.VerifyAsync(Alice, Code(secret, 1), FromAttacker)).Outcome);
        }

        Assert.Equal(0, _services.Bans.Writes);
        Assert.Contains(_services.Logs.Entries, e => e.EventId.Id == LogEvents.MfaSecretUnreadable);
        Assert.True((await Mfa.DisableAsync(Alice, codes[0], FromAttacker)).IsAccepted);
    }

    [Fact]
    public async Task After_a_key_rotation_an_accepted_code_seals_the_secret_again_under_the_new_key()
    {
        var oldKey = NewKey();
        _services.Secrets.Set(SecretNames.MfaKey, oldKey);
        var (secret, _) = await EnrolAsync(Alice);
        var sealedBefore = _services.SecondFactors["alice"]!.Secret;
        var newKey = NewKey();
        _services.Secrets.Set(SecretNames.MfaKey, newKey, oldKey);

        Assert.True((await Mfa.VerifyAsync(Alice, Code(secret, 1))).IsAccepted);
        Assert.NotEqual(sealedBefore, _services.SecondFactors["alice"]!.Secret);
        _services.Secrets.Set(SecretNames.MfaKey, newKey);
        _services.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.True((await Mfa.VerifyAsync(Alice, Code(secret))).IsAccepted);
    }

    [Fact]
    public async Task Storage_or_key_unavailable_is_an_outage_never_a_refusal()
    {
        var (secret, _) = await EnrolAsync(Alice);

        _services.Secrets.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => Mfa.VerifyAsync(Alice, Code(secret, 1)).AsTask());
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => Mfa.BeginEnrolmentAsync(PrincipalOf("bob")).AsTask());
        _services.Secrets.Unavailable = false;
        _services.SecondFactors.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => Mfa.VerifyAsync(Alice, Code(secret, 1)).AsTask());
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => Mfa.GetStatusAsync(Alice).AsTask());
        _services.SecondFactors.Unavailable = false;
        _services.Bans.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => Mfa.VerifyAsync(Alice, Code(secret, 1), FromAttacker).AsTask());
        _services.Bans.Unavailable = false;

        Assert.True((await Mfa.VerifyAsync(Alice, Code(secret, 1))).IsAccepted);
    }

    [Fact]
    public async Task The_anonymous_user_has_no_second_factor()
    {
        var guest = new Principal("Guest", null, null, null, [], false, true, AuthenticatorNames.Anonymous, null, null);
        Recreate("Gatehouse:Mfa:Require=Everyone");

        Assert.False((await Mfa.GetStatusAsync(guest)).Required);
        await Assert.ThrowsAsync<ArgumentException>(() => Mfa.BeginEnrolmentAsync(guest).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => Mfa.VerifyAsync(guest, "123456").AsTask());
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("0000-0000-0000-000")]
    public async Task Malformed_input_is_a_wrong_code(string code)
    {
        await EnrolAsync(Alice);

        Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.VerifyAsync(Alice, code)).Outcome);
    }

    [Fact]
    public async Task Huge_input_is_a_wrong_code()
    {
        var (secret, _) = await EnrolAsync(Alice);

        Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.VerifyAsync(Alice, Code(secret, 1) + new string(' ', 100_000))).Outcome);
    }

    internal static Principal PrincipalOf(string userName, string? email = null, bool isAdministrator = false) =>
        new(userName, email, null, null, isAdministrator ? ["administrators"] : [], isAdministrator, false, AuthenticatorNames.Basic, null, null);

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static byte[] SecretOf(TotpEnrolment enrolment) => Base32Encoding.ToBytes(enrolment.Key.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static TestServices Create(params string[] settings)
    {
        var services = TestServices.Create(settings);
        services.Secrets.Set(SecretNames.MfaKey, NewKey());
        services.Users.Add("alice", "pw", "alice@example.com");
        return services;
    }

    private void Recreate(params string[] settings)
    {
        _services.Dispose();
        _services = Create(settings);
    }

    /// <summary>What the user's app shows now, or <paramref name="offset"/> steps away.</summary>
    private string Code(byte[] secret, int offset = 0) => TotpCodes.Compute(secret, Now + offset);

    /// <summary>Begins and confirms an enrolment as the user does, from the key shown; the secret and the recovery codes.</summary>
    private async Task<(byte[] Secret, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(Principal principal)
    {
        var secret = SecretOf((await Mfa.BeginEnrolmentAsync(principal))!);
        var confirmed = await Mfa.ConfirmEnrolmentAsync(principal, Code(secret));
        Assert.True(confirmed.IsAccepted);
        return (secret, confirmed.RecoveryCodes!);
    }

    /// <summary>Wrong codes (never one of the window's right ones, which an attacker cannot know either).</summary>
    private async Task GuessAsync(int times, string? from = "198.51.100.7")
    {
        var client = from is null ? default : AttemptClient.Known(IPAddress.Parse(from));
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(SecondFactorOutcome.Refused, (await Mfa.VerifyAsync(Alice, "wrong-" + i, client)).Outcome);
        }
    }

    private async Task<ChainDecision> SignInAsync(string login, string password, string? from)
    {
        var basic = ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password)));
        return await _services.Chain.AuthenticateAsync(Requests.Make("GET", "/api/things", null, from is null ? null : IPAddress.Parse(from), basic));
    }
}
