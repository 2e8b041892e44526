using System.Text.RegularExpressions;
using Gatehouse.Mfa;

namespace Gatehouse.Tests.Mfa;

/// <summary>Recovery codes: how they look, how typing them is forgiven, and how they are hashed.</summary>
public sealed partial class RecoveryCodesTests
{
    [GeneratedRegex("^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$")]
    private static partial Regex Shape();

    [Fact]
    public void Ten_different_codes_of_four_groups_of_unambiguous_characters_are_made()
    {
        var codes = RecoveryCodes.Generate();

        Assert.Equal(10, codes.Length);
        Assert.All(codes, code => Assert.Matches(Shape(), code));
        Assert.Equal(10, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("ab1d-0fgh-jkmn-pqrs", "ab1d0fghjkmnpqrs")]
    [InlineData("AB1D 0FGH JKMN PQRS", "ab1d0fghjkmnpqrs")]
    [InlineData("abld-Ofgh-jkmn-pqrs", "ab1d0fghjkmnpqrs")]
    [InlineData("abId0fghjkmnpqrs", "ab1d0fghjkmnpqrs")]
    public void Case_dashes_spaces_and_look_alikes_do_not_matter(string typed, string normalized)
    {
        Assert.Equal(normalized, RecoveryCodes.Normalize(typed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab1d-0fgh-jkmn-pqr")]
    [InlineData("ab1d-0fgh-jkmn-pqrst")]
    [InlineData("ab1d-0fgh-jkmn-pqru")]
    [InlineData("123456")]
    public void What_cannot_be_a_recovery_code_is_not_one(string typed)
    {
        Assert.Null(RecoveryCodes.Normalize(typed));
    }

    [Fact]
    public void A_hash_depends_on_the_salt_and_the_user_but_not_the_users_case()
    {
        var salt = RecoveryCodes.NewSalt();
        var hash = RecoveryCodes.Hash(salt, "alice", "ab1d0fghjkmnpqrs");

        Assert.Equal(hash, RecoveryCodes.Hash(salt, "ALICE", "ab1d0fghjkmnpqrs"));
        Assert.NotEqual(hash, RecoveryCodes.Hash(salt, "bob", "ab1d0fghjkmnpqrs"));
        Assert.NotEqual(hash, RecoveryCodes.Hash(RecoveryCodes.NewSalt(), "alice", "ab1d0fghjkmnpqrs"));
        Assert.DoesNotContain("ab1d0fghjkmnpqrs", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void The_position_of_a_hash_is_found_whichever_it_is()
    {
        string[] stored = ["aa", "bb", "cc"];

        Assert.Equal([0, 1, 2, -1], new[] { "aa", "bb", "cc", "dd" }.Select(hash => RecoveryCodes.IndexOf(stored, hash)));
    }
}
