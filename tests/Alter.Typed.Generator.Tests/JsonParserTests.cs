using Alter.Typed.Generator.Json;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>The positioned JSON reader: values, escapes, numbers, positions, and where errors are.</summary>
public sealed class JsonParserTests
{
    [Fact]
    public void Strings_unescape_every_escape_and_unicode()
    {
        var root = (JsonObject)JsonParser.Parse("""{"s": "q\"b\\s\/\b\f\n\r\t\u00e9\uD83D\uDE00 ü 😀"}""");

        var value = (JsonString)root.Find("s")!.Value;
        Assert.Equal("q\"b\\s/\b\f\n\r\té\U0001F600 ü 😀", value.Value);
    }

    [Theory]
    [InlineData("0", "0", true, true)]
    [InlineData("-0", "-0", true, true)]
    [InlineData("1.5e10", "1.5e10", false, false)]
    [InlineData("-12.5E-3", "-12.5E-3", false, false)]
    [InlineData("123456789012", "123456789012", false, true)]
    [InlineData("2147483647", "2147483647", true, true)]
    public void Numbers_keep_their_text(string text, string raw, bool int32, bool int64)
    {
        var number = (JsonNumber)JsonParser.Parse(text);

        Assert.Equal(raw, number.RawText);
        Assert.Equal(int32, number.TryGetInt32(out _));
        Assert.Equal(int64, number.TryGetInt64(out _));
        Assert.True(number.TryGetDouble(out _));
    }

    [Theory]
    [InlineData("01", 1, "leading zero")]
    [InlineData("1.", 2, "expected a digit after '.'")]
    [InlineData("-", 1, "expected a digit")]
    [InlineData("1e", 2, "exponent")]
    [InlineData(".5", 0, "expected a value")]
    [InlineData("+1", 0, "expected a value")]
    [InlineData("[1,]", 3, "trailing comma")]
    [InlineData("{\"a\":1,}", 7, "trailing comma")]
    [InlineData("{'a':1}", 1, "expected a property name in double quotes")]
    [InlineData("{\"a\" 1}", 5, "expected ':'")]
    [InlineData("[1 2]", 3, "expected ',' or ']'")]
    [InlineData("tru", 0, "invalid literal 'tru'")]
    [InlineData("\"abc", 0, "unterminated string")]
    [InlineData("\"a\tb\"", 2, "control character U+0009")]
    [InlineData("\"a\\qb\"", 2, "invalid escape sequence '\\q'")]
    [InlineData("\"\\u12G4\"", 1, "4 hexadecimal digits")]
    [InlineData("{} x", 3, "after the end of the JSON value")]
    [InlineData("// c\n{}", 0, "comments are not allowed")]
    [InlineData("   ", 3, "the file is empty")]
    public void Errors_say_what_was_expected_and_where(string text, int offset, string message)
    {
        JsonParseException error = Assert.Throws<JsonParseException>(() => JsonParser.Parse(text));

        Assert.Equal(offset, error.Offset);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_node_knows_its_line_and_column()
    {
        const string text = "{\r\n  \"a\": 1,\n  \"b\": [true, null],\r  \"c\": { \"d\": \"é\" }\n}";
        var root = (JsonObject)JsonParser.Parse(text);

        Assert.Equal((0, 0), Position(root.Start));
        Assert.Equal((4, 1), Position(root.LineSpan.End));
        Assert.Equal((1, 2), Position(root.Properties[0].NameLineSpan.Start));
        Assert.Equal((1, 7), Position(root.Find("a")!.Value.Start));
        var b = (JsonArray)root.Find("b")!.Value;
        Assert.Equal((2, 7), Position(b.Start));
        Assert.Equal((2, 14), Position(b.Items[1].Start));
        Assert.Equal((2, 18), Position(b.Items[1].LineSpan.End));
        var d = ((JsonObject)root.Find("c")!.Value).Find("d")!.Value;
        Assert.Equal((3, 14), Position(d.Start));
        Assert.Equal(text.IndexOf("\"é\"", StringComparison.Ordinal), d.Span.Start);
        Assert.Equal(3, d.Span.Length);
    }

    [Fact]
    public void An_error_reports_its_line_and_column()
    {
        JsonParseException error = Assert.Throws<JsonParseException>(() => JsonParser.Parse("{\n  \"a\": [\n    1,\n    }\n"));

        Assert.Equal((3, 4), (error.Position.Line, error.Position.Character));
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_duplicate_keys_are_kept_in_order()
    {
        var root = (JsonObject)JsonParser.Parse("\uFEFF{\"a\": 1, \"a\": 2}");

        Assert.Equal(2, root.Properties.Length);
        Assert.Equal("1", ((JsonNumber)root.Find("a")!.Value).RawText);
        Assert.Equal((0, 0), Position(root.Start));
    }

    private static (int, int) Position(Microsoft.CodeAnalysis.Text.LinePosition position) => (position.Line, position.Character);
}
