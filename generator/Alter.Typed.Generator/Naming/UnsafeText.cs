using System.Globalization;
using System.Text;

namespace Alter.Typed.Generator.Naming
{
    /// <summary>
    /// The characters a description string must not carry into generated source. C# ends a line at CR, LF, U+0085,
    /// U+2028 and U+2029 (so one of them in a <c>///</c> comment starts a new line of code); control and format
    /// characters (BOM, bidi overrides, zero-width marks) make code read differently than it compiles.
    /// </summary>
    internal static class UnsafeText
    {
        /// <summary>A C# line terminator: CR, LF, NEL (U+0085), LINE SEPARATOR (U+2028), PARAGRAPH SEPARATOR (U+2029).</summary>
        public static bool IsLineTerminator(char c) => c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';

        /// <summary>A control (Cc), format (Cf), line or paragraph separator (Zl, Zp) character, or a surrogate (checked in pairs by the callers).</summary>
        public static bool IsControlOrFormat(char c)
        {
            if (c < 0x7F)
            {
                return c < ' ';
            }

            if (c <= 0x9F)
            {
                return true;
            }

            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            return category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Surrogate;
        }

        /// <summary>A separator other than the plain space: NO-BREAK SPACE, EN QUAD, IDEOGRAPHIC SPACE, ...</summary>
        public static bool IsOtherSpace(char c) => c > 0x7F && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;

        /// <summary>A pair of surrogates at <paramref name="index"/> (one astral character, such as an emoji).</summary>
        public static bool IsPair(string text, int index)
            => char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);

        /// <summary>
        /// The index of the first character a name, id, path, key or scope may not hold (control, format or separator
        /// other than the plain space; a lone surrogate; U+FFFE/U+FFFF), or -1.
        /// </summary>
        public static int IndexOfUnsafeInName(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= ' ' && c < 0x7F)
                {
                    continue; // printable ASCII: nearly every character of a description
                }

                if (IsPair(text, i))
                {
                    i++;
                    continue;
                }

                if (IsControlOrFormat(c) || IsOtherSpace(c) || c == '\uFFFE' || c == '\uFFFF')
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary><c>U+2028</c>: how a message names a character (never the character itself).</summary>
        public static string CodePoint(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

        /// <summary>The text with every unsafe character written as <c>\uXXXX</c> (for diagnostics that quote description text).</summary>
        public static string Show(string text)
        {
            StringBuilder? builder = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool pair = IsPair(text, i);
                bool unsafeChar = !pair && (IsControlOrFormat(c) || IsOtherSpace(c) || c == '\uFFFE' || c == '\uFFFF');
                if (unsafeChar && builder is null)
                {
                    builder = new StringBuilder(text.Length + 8).Append(text, 0, i);
                }

                if (builder is null)
                {
                    i += pair ? 1 : 0;
                    continue;
                }

                if (unsafeChar)
                {
                    builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                    if (pair)
                    {
                        builder.Append(text[++i]);
                    }
                }
            }

            return builder?.ToString() ?? text;
        }
    }
}
