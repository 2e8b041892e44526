using System.Security.Cryptography;
using Gatehouse.Mfa;
using Gatehouse.Secrets;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Secrets;

namespace Gatehouse.Tests.Mfa;

/// <summary>TOTP secrets at rest: AES-GCM under mfa-key, bound to their user, surviving a rotation.</summary>
public sealed class TotpSecretProtectorTests
{
    private static readonly string OldKey = NewKey();
    private static readonly string CurrentKey = NewKey();
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(20);
    private readonly FakeSecretStore _secrets = new FakeSecretStore().Set(SecretNames.MfaKey, CurrentKey);

    private TotpSecretProtector Protector => new(_secrets);

    [Fact]
    public async Task Each_sealing_gives_another_ciphertext_and_each_opens_to_the_secret()
    {
        var first = await Protector.SealAsync("alice", _secret);
        var second = await Protector.SealAsync("alice", _secret);

        Assert.NotEqual(first.Value, second.Value);
        Assert.Equal(_secret, (await Protector.OpenAsync("alice", first))!.Value.Secret);
        Assert.Equal(_secret, (await Protector.OpenAsync("ALICE", second))!.Value.Secret);
    }

    [Fact]
    public async Task A_secret_sealed_for_one_user_does_not_open_for_another()
    {
        var sealedForBob = await Protector.SealAsync("bob", _secret);

        Assert.Null(await Protector.OpenAsync("alice", sealedForBob));
    }

    [Fact]
    public async Task An_altered_ciphertext_does_not_open()
    {
        var sealedSecret = await Protector.SealAsync("alice", _secret);
        var bytes = Convert.FromBase64String(sealedSecret.Value);
        bytes[15] ^= 1;

        Assert.Null(await Protector.OpenAsync("alice", sealedSecret with { Value = Convert.ToBase64String(bytes) }));
        Assert.Null(await Protector.OpenAsync("alice", sealedSecret with { Value = "not base64!" }));
        Assert.Null(await Protector.OpenAsync("alice", sealedSecret with { Value = "AAAA" }));
    }

    [Fact]
    public async Task The_sealed_value_holds_the_secret_in_no_form()
    {
        var sealedSecret = await Protector.SealAsync("alice", _secret);
        var bytes = Convert.FromBase64String(sealedSecret.Value);

        Assert.DoesNotContain(Convert.ToBase64String(_secret), sealedSecret.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(OtpNet.Base32Encoding.ToString(_secret), sealedSecret.Value, StringComparison.Ordinal);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(_secret));
        Assert.Equal(12 + 20 + 16, bytes.Length);
    }

    [Fact]
    public async Task During_a_rotation_the_previous_version_still_opens_and_is_known_not_to_be_current()
    {
        _secrets.Set(SecretNames.MfaKey, OldKey);
        var sealedBefore = await Protector.SealAsync("alice", _secret);
        _secrets.Set(SecretNames.MfaKey, CurrentKey, OldKey);

        var opened = await Protector.OpenAsync("alice", sealedBefore);

        Assert.Equal(_secret, opened!.Value.Secret);
        Assert.False(opened.Value.IsCurrent);
        Assert.True((await Protector.OpenAsync("alice", await Protector.SealAsync("alice", _secret)))!.Value.IsCurrent);
    }

    [Fact]
    public async Task Once_its_version_is_no_longer_accepted_a_secret_does_not_open()
    {
        _secrets.Set(SecretNames.MfaKey, OldKey);
        var sealedBefore = await Protector.SealAsync("alice", _secret);
        _secrets.Set(SecretNames.MfaKey, CurrentKey);

        Assert.Null(await Protector.OpenAsync("alice", sealedBefore));
    }

    [Fact]
    public async Task Without_the_key_sealing_and_opening_are_an_outage()
    {
        var sealedSecret = await Protector.SealAsync("alice", _secret);
        _secrets.Unavailable = true;

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => Protector.SealAsync("alice", _secret).AsTask());
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => Protector.OpenAsync("alice", sealedSecret).AsTask());
    }

    [Fact]
    public async Task With_key_vault_a_secret_opens_under_the_version_it_names_until_the_rotation_overlap_ends()
    {
        await using var h = await KeyVaultStoreHarness.StartAsync(rotationOverlap: TimeSpan.FromDays(1));
        var one = h.Vault.SetSecret(SecretNames.MfaKey, OldKey, created: KeyVaultStoreHarness.Start.AddDays(-30));
        var protector = new TotpSecretProtector(h.Store);
        var sealedUnderOne = await protector.SealAsync("alice", _secret);
        Assert.Equal(one, sealedUnderOne.KeyVersion);

        var two = h.Vault.SetSecret(SecretNames.MfaKey, CurrentKey, created: h.Time.GetUtcNow());
        h.Time.Advance(h.Options.RefreshInterval);
        await h.Store.GetAsync(SecretNames.MfaKey);
        await h.RefreshedAsync(SecretNames.MfaKey);

        var opened = await protector.OpenAsync("alice", sealedUnderOne);
        Assert.Equal(_secret, opened!.Value.Secret);
        Assert.False(opened.Value.IsCurrent);
        Assert.Equal(two, (await protector.SealAsync("alice", _secret)).KeyVersion);

        h.Time.Advance(TimeSpan.FromDays(1));
        Assert.Null(await protector.OpenAsync("alice", sealedUnderOne));
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
