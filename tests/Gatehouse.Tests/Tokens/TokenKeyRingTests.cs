using Gatehouse.Secrets;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;

namespace Gatehouse.Tests.Tokens;

public sealed class TokenKeyRingTests
{
    private readonly FakeSecretStore _secrets = new();

    private TokenKeyRing Ring() => new(_secrets);

    [Fact]
    public async Task The_current_version_is_decoded_from_its_base64_value()
    {
        var keys = await Ring().LoadAsync();

        Assert.Equal("v1", keys.Current.Version);
        Assert.Equal(Convert.FromBase64String(_secrets.TokenKey!.Current.Value), keys.Current.Bytes);
    }

    [Fact]
    public async Task A_version_is_decoded_once_however_often_the_keys_are_loaded()
    {
        var ring = Ring();

        var first = await ring.LoadAsync();
        var second = await ring.LoadAsync();

        Assert.Same(first.Current, second.Current);
        Assert.Equal(2, _secrets.Reads);
    }

    [Fact]
    public async Task After_a_rotation_the_previous_version_keeps_its_decoded_key_and_the_new_one_is_current()
    {
        var ring = Ring();
        var before = await ring.LoadAsync();
        _secrets.Rotate("v2");

        var after = await ring.LoadAsync();

        Assert.Equal("v2", after.Current.Version);
        Assert.Same(before.Current, after.Find("v1"));
        Assert.Same(after.Current, after.Find("v2"));
    }

    [Fact]
    public async Task A_version_whose_value_changed_under_the_same_id_is_decoded_again()
    {
        var ring = Ring();
        var before = await ring.LoadAsync();
        _secrets.TokenKey = new SecretSet(FakeSecretStore.NewVersion("v1"), []);

        var after = await ring.LoadAsync();

        Assert.Equal("v1", after.Current.Version);
        Assert.NotEqual(before.Current.Bytes, after.Current.Bytes);
        Assert.Equal(Convert.FromBase64String(_secrets.TokenKey.Current.Value), after.Current.Bytes);
    }

    [Fact]
    public async Task A_version_no_longer_accepted_or_never_known_is_not_found()
    {
        var ring = Ring();
        await ring.LoadAsync();
        _secrets.TokenKey = new SecretSet(FakeSecretStore.NewVersion("v2"), []);

        var keys = await ring.LoadAsync();

        Assert.Null(keys.Find("v1"));
        Assert.Null(keys.Find("v9"));
    }

    [Fact]
    public async Task A_previous_version_that_is_not_a_usable_key_is_not_accepted()
    {
        _secrets.TokenKey = new SecretSet(FakeSecretStore.NewVersion("v2"), [FakeSecretStore.NewVersion("short", 16), new SecretVersion("text", "not base64!")]);

        var keys = await Ring().LoadAsync();

        Assert.Equal("v2", keys.Current.Version);
        Assert.Null(keys.Find("short"));
        Assert.Null(keys.Find("text"));
    }

    // 31 bytes, one short of a key; not base64; nothing.
    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("not base64!")]
    [InlineData("")]
    public async Task A_current_version_that_is_not_a_usable_key_makes_the_keys_unavailable_as_secrets(string value)
    {
        _secrets.TokenKey = new SecretSet(new SecretVersion("v2", value), [FakeSecretStore.NewVersion("v1")]);

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => Ring().LoadAsync().AsTask());

        Assert.Equal("secrets", error.Dependency);
    }

    [Fact]
    public async Task A_secret_store_that_cannot_answer_makes_the_keys_unavailable_as_secrets()
    {
        _secrets.TokenKey = null;

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => Ring().LoadAsync().AsTask());

        Assert.Equal("secrets", error.Dependency);
        Assert.IsType<DependencyUnavailableException>(error.InnerException);
    }
}
