using Gatehouse.Users;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Users;

public sealed class PasswordRulesTests
{
    private static PasswordRules Policy(int minLength = 12, string? pattern = null, string? description = null) =>
        new(Options.Create(new PasswordPolicyOptions { MinLength = minLength, Pattern = pattern, PatternDescription = description }));

    [Theory]
    [InlineData("short", "MinLength")]
    [InlineData("alice.liddell", "not the user's name")]
    [InlineData("ALICE@EXAMPLE.COM", "not the user's name")]
    [InlineData("", "must not be empty")]
    public void A_refused_password_gets_a_message_naming_the_rule(string password, string rule)
    {
        var refused = Assert.Throws<ArgumentException>(() => Policy().Enforce(password, "alice.liddell", "alice@example.com"));

        Assert.Contains(rule, refused.Message, StringComparison.Ordinal);
        Assert.Equal("password", refused.ParamName);
        if (password.Length > 0)
        {
            Assert.DoesNotContain(password, refused.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_default_minimum_is_twelve_characters()
    {
        Policy().Enforce("twelve-chars", "alice", null);
        Assert.Throws<ArgumentException>(() => Policy().Enforce("eleven-char", "alice", null));
    }

    [Theory]
    [InlineData("correct horse battery 1", true)]
    [InlineData("correct horse battery", false)]
    public void The_pattern_must_match_the_whole_password(string password, bool accepted)
    {
        var policy = Policy(pattern: @"(?=.*\d).*", description: "at least one digit");

        var refusal = Record.Exception(() => policy.Enforce(password, "alice", null));

        Assert.Equal(accepted, refusal is null);
        if (!accepted)
        {
            Assert.Contains("at least one digit", refusal!.Message, StringComparison.Ordinal);
            Assert.Contains("Pattern", refusal.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_pattern_that_matches_only_part_of_the_password_refuses_it()
    {
        Assert.Throws<ArgumentException>(() => Policy(pattern: "[a-z]+").Enforce("lowercase then 123", "alice", null));
    }

    [Theory]
    [InlineData(0, null, "MinLength")]
    [InlineData(12, "(unclosed", "Pattern")]
    public void Bad_settings_stop_start_up_naming_the_key(int minLength, string? pattern, string key)
    {
        var result = new PasswordPolicyOptionsValidator().Validate(null, new PasswordPolicyOptions { MinLength = minLength, Pattern = pattern });

        Assert.True(result.Failed);
        Assert.Contains($"Gatehouse:Users:PasswordPolicy:{key}", result.FailureMessage, StringComparison.Ordinal);
    }
}
