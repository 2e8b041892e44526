using System.Security.Cryptography;
using Gatehouse.Tokens;

namespace Gatehouse.Tests.Tokens;

public sealed class TokenFormatTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Derived_tokens_have_the_prefix_length_and_a_valid_checksum()
    {
        var token = TokenFormat.Derive(Key, "0123456789abcdef0123456789abcdef");

        Assert.StartsWith(TokenFormat.Prefix, token, StringComparison.Ordinal);
        Assert.Equal(TokenFormat.Length, token.Length);
        Assert.True(TokenFormat.IsWellFormed(token));
        Assert.Matches("^gth_[A-Za-z0-9_-]{43}[0-9A-Za-z]{6}$", token);
    }

    [Fact]
    public void The_same_key_and_binding_give_the_same_token()
    {
        Assert.Equal(TokenFormat.Derive(Key, "id"), TokenFormat.Derive(Key, "id"));
    }

    [Fact]
    public void Another_binding_or_key_gives_another_token()
    {
        var token = TokenFormat.Derive(Key, "id");

        Assert.NotEqual(token, TokenFormat.Derive(Key, "id2"));
        Assert.NotEqual(token, TokenFormat.Derive(RandomNumberGenerator.GetBytes(32), "id"));
    }

    [Fact]
    public void Every_one_character_typo_is_rejected()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/= ";
        for (var run = 0; run < 5; run++)
        {
            var token = TokenFormat.Derive(RandomNumberGenerator.GetBytes(32), Guid.NewGuid().ToString("N"));
            for (var position = 0; position < token.Length; position++)
            {
                foreach (var replacement in alphabet.Where(c => c != token[position]))
                {
                    var typo = string.Concat(token.AsSpan(0, position), replacement.ToString(), token.AsSpan(position + 1));
                    Assert.False(TokenFormat.IsWellFormed(typo), $"typo at {position}: {replacement}");
                }
            }
        }
    }

    [Fact]
    public void Swapped_neighbours_are_rejected()
    {
        var token = TokenFormat.Derive(Key, "swap");
        for (var i = TokenFormat.Prefix.Length; i < token.Length - 1; i++)
        {
            if (token[i] == token[i + 1])
            {
                continue;
            }

            var chars = token.ToCharArray();
            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
            Assert.False(TokenFormat.IsWellFormed(new string(chars)), $"swap at {i}");
        }
    }

    public static TheoryData<string?> Garbage() => new()
    {
        null,
        string.Empty,
        "gth_",
        "Basic dXNlcjpwYXNz",
        "gth_" + new string('A', 49),
        "ghp_" + new string('A', 49),
        "GTH_" + new string('A', 49),
        "gth_" + new string('A', 43) + "zzzzzz",
        "gth_" + new string('!', 49),
        "gth_" + new string('é', 49),
        new string('x', 100_000),
        "gth_" + new string('A', 43) + "\0\0\0\0\0\0",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_is_not_well_formed(string? value)
    {
        Assert.False(TokenFormat.IsWellFormed(value));
    }

    [Fact]
    public void A_checksum_overflowing_32_bits_is_rejected()
    {
        var token = TokenFormat.Derive(Key, "overflow");

        Assert.False(TokenFormat.IsWellFormed(token[..^6] + "zzzzzz"));
    }

    [Fact]
    public void Leading_or_trailing_white_space_is_rejected()
    {
        var token = TokenFormat.Derive(Key, "ws");

        Assert.False(TokenFormat.IsWellFormed(token + "\n"));
        Assert.False(TokenFormat.IsWellFormed(" " + token));
    }

    [Fact]
    public void The_lookup_hash_is_hex_SHA256_and_never_the_token()
    {
        var token = TokenFormat.Derive(Key, "hash");

        var hash = TokenFormat.Hash(token);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.DoesNotContain(token[TokenFormat.Prefix.Length..], hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Uuid_tokens_are_lower_case_uuids_of_the_macs_first_128_bits()
    {
        const string BindingId = "0123456789abcdef0123456789abcdef";

        var token = TokenFormat.Derive(Key, BindingId, TokenShape.Uuid);

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", token);
        Assert.Equal(TokenFormat.UuidLength, token.Length);
        var mac = HMACSHA256.HashData(Key, System.Text.Encoding.UTF8.GetBytes(BindingId));
        Assert.Equal(Convert.ToHexStringLower(mac[..16]), token.Replace("-", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Uuid_tokens_round_trip_like_prefixed_ones()
    {
        var token = TokenFormat.Derive(Key, "id", TokenShape.Uuid);

        Assert.Equal(token, TokenFormat.Derive(Key, "id", TokenShape.Uuid));
        Assert.NotEqual(token, TokenFormat.Derive(Key, "id2", TokenShape.Uuid));
        Assert.NotEqual(token, TokenFormat.Derive(RandomNumberGenerator.GetBytes(32), "id", TokenShape.Uuid));
        Assert.Matches("^[0-9a-f]{64}$", TokenFormat.Hash(token));
    }

    [Theory]
    [InlineData(TokenShape.Prefixed)]
    [InlineData(TokenShape.Uuid)]
    public void Tokens_of_both_shapes_are_well_formed_whatever_shape_is_issued(TokenShape shape)
    {
        var token = TokenFormat.Derive(RandomNumberGenerator.GetBytes(32), Guid.NewGuid().ToString("N"), shape);

        Assert.True(TokenFormat.IsWellFormed(token));
        Assert.Equal(shape == TokenShape.Uuid, TokenFormat.IsUuidShaped(token));
    }

    public static TheoryData<string> UuidGarbage() => new()
    {
        "0123456789ab-cdef-0123-4567-89abcdef0123", // hyphens misplaced
        "01234567-89ab-cdef-0123-456789abcdef012", // one digit short
        "01234567-89ab-cdef-0123-456789abcdef01234", // one digit too many
        "01234567-89AB-CDEF-0123-456789ABCDEF", // upper case: never issued
        "01234567-89ab-cdef-0123-456789abcdeg", // not hex
        "0123456789abcdef0123456789abcdef", // no hyphens
        "{01234567-89ab-cdef-0123-456789abcdef}", // braces
        " 01234567-89ab-cdef-0123-456789abcdef",
        "01234567-89ab-cdef-0123-456789abcdef\n",
        "01234567_89ab_cdef_0123_456789abcdef",
    };

    [Theory]
    [MemberData(nameof(UuidGarbage))]
    public void Near_uuids_are_not_well_formed(string value)
    {
        Assert.False(TokenFormat.IsWellFormed(value));
    }
}
