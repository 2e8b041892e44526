using System.Text;
using Gatehouse.Storage;

namespace Gatehouse.Tests.Storage;

public sealed class TableKeysTests
{
    private static readonly string[] Nasty =
    [
        "plain",
        "Nuxeo Drive Café",
        "a/b\\c#d?e",
        "100%",
        "%41",
        "%%2F",
        "pipe|inside",
        "tab\there",
        "line\nbreak\r\n",
        "\u0000nul",
        "\u007fdel\u0080\u009fC1",
        "\u00a0nbsp kept",
        "日本語のデバイス",
        "emoji 🔑 pair",
        "'quote' \"double\" & <xml>",
        "trailing space ",
        " ",
        "..",
        "%",
        new string('/', 170),
    ];

    public static TheoryData<string> NastyStrings() => new(Nasty);

    [Theory]
    [MemberData(nameof(NastyStrings))]
    public void Escaping_round_trips_exactly(string value)
    {
        var escaped = TableKeys.Escape(value, "value");

        Assert.Equal(value, TableKeys.Unescape(escaped));
    }

    [Theory]
    [MemberData(nameof(NastyStrings))]
    public void Escaped_keys_hold_no_character_Azure_forbids(string value)
    {
        var escaped = TableKeys.Escape(value, "value");

        Assert.DoesNotContain(escaped, c => c is '/' or '\\' or '#' or '?' or TableKeys.Separator || char.IsControl(c));
    }

    [Fact]
    public void Different_values_never_escape_to_the_same_key()
    {
        var values = Nasty.Concat(["%2F", "/", "%252F", "%25", "a|b", "a%7Cb"]).Distinct().ToList();

        var escaped = values.Select(v => TableKeys.Escape(v, "value")).ToList();

        Assert.Equal(values.Count, escaped.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Composite_keys_keep_their_parts_apart()
    {
        var left = TableKeys.Compose(TableKeys.Escape("a|b", "x"), TableKeys.Escape("c", "y"));
        var right = TableKeys.Compose(TableKeys.Escape("a", "x"), TableKeys.Escape("b|c", "y"));

        Assert.NotEqual(left, right);
    }

    [Fact]
    public void Empty_value_is_refused_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => TableKeys.Escape(string.Empty, "deviceId"));

        Assert.Equal("deviceId", error.ParamName);
    }

    [Theory]
    [InlineData(513, 'a')]
    [InlineData(8 * 1024, 'a')]
    [InlineData(200, '/')] // 600 characters once escaped
    [InlineData(400, 'ह')] // 400 characters, but 1,200 bytes of UTF-8
    public void Keys_longer_than_1_KiB_once_encoded_are_refused(int length, char c)
    {
        var error = Assert.Throws<ArgumentException>(() => TableKeys.Escape(new string(c, length), "applicationName"));

        Assert.Equal("applicationName", error.ParamName);
        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_exactly_1_KiB_of_UTF16_is_accepted()
    {
        var escaped = TableKeys.Escape(new string('a', 512), "value");

        Assert.Equal(1024, Encoding.Unicode.GetByteCount(escaped));
    }

    [Fact]
    public void Unpaired_surrogates_are_refused()
    {
        // Built at run time and checked in one test: xunit cannot carry such strings as theory data.
        string[] values = [((char)0xD800).ToString(), "a" + (char)0xDC00 + "b", string.Concat((char)0xDC00, (char)0xD800), "ok" + (char)0xD83D];

        Assert.All(values, value => Assert.Throws<ArgumentException>(() => TableKeys.Escape(value, "value")));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("%GG")]
    public void Malformed_escapes_do_not_unescape(string value)
    {
        Assert.Throws<FormatException>(() => TableKeys.Unescape(value));
    }
}
