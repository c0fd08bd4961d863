using Alter.Typed.Generator.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>The escapers and the writer's last check, character by character.</summary>
public sealed class EscapingTests
{
    /// <summary>The five C# line terminators and the control/format characters that make code read differently than it compiles.</summary>
    public static TheoryData<char> Dangerous => new()
    {
        '\r', '\n', '\u0085', '\u2028', '\u2029', '\0', '\u0007', '\u001B', '\u007F', '\u009F', '\uFEFF', '\u202E', '\u2066', '\u200B', '\u200D', '\u00AD', '\uD800',
    };

    [Theory]
    [MemberData(nameof(Dangerous))]
    public void DocComment_escape_leaves_no_dangerous_character(char c)
    {
        string escaped = DocComment.Escape("a" + c + "b </summary> & \"q\"");

        Assert.DoesNotContain(c, escaped);
        Assert.Contains("&lt;/summary&gt; &amp;", escaped, StringComparison.Ordinal);
        var writer = new SourceWriter();
        writer.Line("/// " + escaped); // the writer accepts it
    }

    [Theory]
    [MemberData(nameof(Dangerous))]
    public void A_literal_escapes_the_character_and_reads_back_as_the_same_string(char c)
    {
        string value = "a" + c + "b\"\\";
        string literal = CSharp.Literal(value);

        Assert.DoesNotContain(c, literal);
        var expression = (LiteralExpressionSyntax)SyntaxFactory.ParseExpression(literal);
        Assert.Empty(expression.GetDiagnostics());
        Assert.Equal(value, expression.Token.ValueText);
    }

    [Theory]
    [MemberData(nameof(Dangerous))]
    public void The_writer_refuses_a_line_holding_the_character(char c)
    {
        var writer = new SourceWriter();
        writer.Line("// first");

        UnsafeSourceException refused = Assert.Throws<UnsafeSourceException>(() => writer.Line("/// x" + c + "[Attr] void M() { }"));
        Assert.Equal(2, refused.Line);
        Assert.Equal("U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture), refused.CodePoint);
    }

    [Fact]
    public void The_writer_accepts_letters_of_every_script_and_astral_characters()
    {
        var writer = new SourceWriter();
        writer.Line("/// Grüße, 日本語, עברית, emoji \U0001F680, a no-break\u00A0space");

        Assert.Contains("\U0001F680", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Doc_lines_split_at_every_line_terminator_and_never_hold_one()
    {
        List<string> lines = DocComment.Lines("one\rtwo\nthree\r\nfour\u0085five\u2028six\u2029seven");

        Assert.Equal(["one", "two", "three", "four", "five", "six", "seven"], lines);
    }
}
