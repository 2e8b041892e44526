using System.Diagnostics;
using Gatehouse.Users;

namespace Gatehouse.Tests.Users;

public sealed class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(1_000);

    [Fact]
    public void A_hash_verifies_its_own_password()
    {
        var hash = _hasher.Hash("correct horse battery staple");

        Assert.True(PasswordHasher.Verify("correct horse battery staple", hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("correct horse battery staple ")]
    public void A_wrong_password_does_not_verify(string attempt)
    {
        var hash = _hasher.Hash("correct horse battery staple");

        Assert.False(PasswordHasher.Verify(attempt, hash));
    }

    [Fact]
    public void Hashes_are_self_describing_and_salted()
    {
        var first = _hasher.Hash("secret");
        var second = _hasher.Hash("secret");

        Assert.NotEqual(first, second);
        var parts = first.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("1000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
    }

    [Fact]
    public void The_default_is_600000_iterations()
    {
        var hasher = new PasswordHasher(Microsoft.Extensions.Options.Options.Create(new UserDirectoryOptions()));

        Assert.Equal(600_000, hasher.Iterations);
    }

    [Fact]
    public void Hashes_made_with_fewer_iterations_need_a_rehash()
    {
        var old = new PasswordHasher(500).Hash("secret");
        var current = _hasher.Hash("secret");

        Assert.True(_hasher.NeedsRehash(old));
        Assert.False(_hasher.NeedsRehash(current));
        Assert.False(new PasswordHasher(500).NeedsRehash(current));
        Assert.True(PasswordHasher.Verify("secret", old));
    }

    public static TheoryData<string?> Tampered() => new()
    {
        null,
        string.Empty,
        "secret",
        "pbkdf2-sha256$1000$c2FsdA==",
        "pbkdf2-sha1$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$2147483647$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$1000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
        "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$extra",
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void Tampered_hash_strings_never_verify_and_need_a_rehash(string? hash)
    {
        var stopwatch = Stopwatch.StartNew();

        Assert.False(PasswordHasher.Verify("secret", hash));
        Assert.True(_hasher.NeedsRehash(hash));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), "a tampered iteration count must not pin the CPU");
    }

    [Fact]
    public void A_changed_key_or_salt_does_not_verify()
    {
        var parts = _hasher.Hash("secret").Split('$');
        var key = Convert.FromBase64String(parts[3]);
        key[0] ^= 1;
        var salt = Convert.FromBase64String(parts[2]);
        salt[^1] ^= 1;

        Assert.False(PasswordHasher.Verify("secret", string.Join('$', parts[0], parts[1], parts[2], Convert.ToBase64String(key))));
        Assert.False(PasswordHasher.Verify("secret", string.Join('$', parts[0], parts[1], Convert.ToBase64String(salt), parts[3])));
    }

    [Fact]
    public void The_dummy_verification_costs_about_as_much_as_a_real_one()
    {
        var hasher = new PasswordHasher(50_000);
        var hash = hasher.Hash("secret");
        hasher.VerifyDummy("warm-up");
        PasswordHasher.Verify("warm-up", hash);

        var real = Measure(() => PasswordHasher.Verify("wrong", hash));
        var dummy = Measure(() => hasher.VerifyDummy("wrong"));

        Assert.InRange(dummy.TotalMilliseconds, real.TotalMilliseconds * 0.33, real.TotalMilliseconds * 3);
    }

    private static TimeSpan Measure(Action action)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            best = stopwatch.Elapsed < best ? stopwatch.Elapsed : best;
        }

        return best;
    }
}
