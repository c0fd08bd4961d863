using System.Collections.Generic;
using System.Text;
using Alter.Typed.Generator.Model;
using Alter.Typed.Generator.Naming;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>Writes XML documentation comments from description text (escaped; invalid XML characters dropped).</summary>
    internal static class DocComment
    {
        /// <summary>
        /// Escapes text for an XML doc comment: <c>&amp; &lt; &gt;</c>. Line terminators (CR, LF, U+0085, U+2028, U+2029),
        /// tabs and other spaces become a plain space, so the text cannot leave its <c>///</c> line; other control and format
        /// characters (BOM, bidi overrides, zero-width marks), lone surrogates and U+FFFE/U+FFFF are dropped.
        /// </summary>
        public static string Escape(string text)
        {
            // Most description text is plain: then the text itself, without a copy (the docs are most of a large client).
            int first = 0;
            while (first < text.Length && IsPlain(text[first]))
            {
                first++;
            }

            if (first == text.Length)
            {
                return text;
            }

            var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
            for (int i = first; i < text.Length; i++)
            {
                char c = text[i];
                if (IsPlain(c))
                {
                    builder.Append(c);
                    continue;
                }

                if (UnsafeText.IsPair(text, i))
                {
                    builder.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }

                switch (c)
                {
                    case '&': builder.Append("&amp;"); break;
                    case '<': builder.Append("&lt;"); break;
                    case '>': builder.Append("&gt;"); break;
                    default:
                        if (c == '\t' || UnsafeText.IsLineTerminator(c) || UnsafeText.IsOtherSpace(c))
                        {
                            builder.Append(' ');
                        }
                        else if (!UnsafeText.IsControlOrFormat(c) && c != '\uFFFE' && c != '\uFFFF')
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.ToString();
        }

        /// <summary>A printable ASCII character that needs no escape.</summary>
        private static bool IsPlain(char c) => c >= ' ' && c < 0x7F && c != '&' && c != '<' && c != '>';

        /// <summary>An attribute value: escapes quotes too.</summary>
        public static string Attribute(string text) => Escape(text).Replace("\"", "&quot;");

        /// <summary>
        /// Text as escaped lines: line breaks (any of \r\n, \n, \r, U+0085, U+2028, U+2029) split lines; blank
        /// lines between paragraphs are kept once; leading and trailing blank lines and trailing spaces go.
        /// </summary>
        public static List<string> Lines(string text)
        {
            var result = new List<string>();
            int start = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && !UnsafeText.IsLineTerminator(text[i]))
                {
                    continue;
                }

                // A line without a copy when it is the whole text (most descriptions are one line).
                string line = start == 0 && i == text.Length ? text : text.Substring(start, i - start);
                AddLine(result, Escape(line));
                if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }

            while (result.Count > 0 && result[result.Count - 1].Length == 0)
            {
                result.RemoveAt(result.Count - 1);
            }

            return result;
        }

        /// <summary>Adds an escaped line without its trailing spaces; a blank one only after text, once.</summary>
        private static void AddLine(List<string> result, string escaped)
        {
            int end = escaped.Length;
            while (end > 0 && char.IsWhiteSpace(escaped[end - 1]))
            {
                end--;
            }

            if (end == 0)
            {
                if (result.Count > 0 && result[result.Count - 1].Length > 0)
                {
                    result.Add(string.Empty);
                }

                return;
            }

            result.Add(end == escaped.Length ? escaped : escaped.Substring(0, end));
        }

        /// <summary>Writes <c>&lt;tag&gt;markup&lt;/tag&gt;</c> on one line, or over several when the markup has several lines.</summary>
        public static void Element(SourceWriter writer, string tag, IReadOnlyList<string> markupLines, string attributes = "")
        {
            if (markupLines.Count == 0)
            {
                return;
            }

            if (markupLines.Count == 1)
            {
                writer.Line("/// <", tag, attributes, ">", markupLines[0], "</", tag, ">");
                return;
            }

            writer.Line("/// <", tag, attributes, ">");
            foreach (string line in markupLines)
            {
                if (line.Length == 0)
                {
                    writer.Line("///");
                }
                else
                {
                    writer.Line("/// ", line);
                }
            }

            writer.Line("/// </", tag, ">");
        }

        public static void Element(SourceWriter writer, string tag, string markup, string attributes = "")
            => Element(writer, tag, new[] { markup }, attributes);

        /// <summary>The summary: the description's lines, or <paramref name="fallbackMarkup"/>.</summary>
        public static List<string> TextOr(string? description, string fallbackMarkup)
        {
            List<string> lines = description is null ? new List<string>() : Lines(description);
            if (lines.Count == 0)
            {
                lines.Add(fallbackMarkup);
            }

            return lines;
        }

        /// <summary>"Allowed values: ...", "Default: ...", "Format: ..." sentences for a property or parameter (markup).</summary>
        public static string Facts(DocModel doc)
        {
            var builder = new StringBuilder();
            if (!doc.EnumValues.IsEmpty)
            {
                builder.Append("Allowed values: ");
                for (int i = 0; i < doc.EnumValues.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ").Append("<c>").Append(Escape(doc.EnumValues[i])).Append("</c>");
                }

                builder.Append('.');
            }

            if (doc.DefaultValue is not null)
            {
                builder.Append(builder.Length > 0 ? " " : string.Empty).Append("Default: <c>").Append(Escape(doc.DefaultValue)).Append("</c>.");
            }

            if (doc.Format is not null && doc.Format != "date-time" && doc.Format != "int32" && doc.Format != "int64")
            {
                builder.Append(builder.Length > 0 ? " " : string.Empty).Append("Format: <c>").Append(Escape(doc.Format)).Append("</c>.");
            }

            return builder.ToString();
        }

        /// <summary>A sentence list of code items: <c>a</c>, <c>b</c>.</summary>
        public static string CodeList(IEnumerable<string> values)
        {
            var builder = new StringBuilder();
            foreach (string value in values)
            {
                builder.Append(builder.Length == 0 ? string.Empty : ", ").Append("<c>").Append(Escape(value)).Append("</c>");
            }

            return builder.ToString();
        }
    }
}
