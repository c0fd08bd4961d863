using System.Collections.Generic;
using System.Text;

namespace Alter.Typed.Generator.Naming
{
    /// <summary>Turns provider names (JSON names, operation ids) into valid C# identifiers.</summary>
    internal static class Identifiers
    {
        /// <summary>What a name with no letter or digit at all becomes.</summary>
        public const string Fallback = "Value";

        private static readonly HashSet<string> s_keywords = new HashSet<string>
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
            "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
            "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
            "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
            "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
            "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
            "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        };

        public static bool IsKeyword(string identifier) => s_keywords.Contains(identifier);

        /// <summary>The longest name <see cref="ToPascal"/> returns (C# refuses identifiers over 512 characters, file systems names over 255).</summary>
        public const int MaxNameLength = 200;

        /// <summary>The longest generated type name; longer ones (inline objects nested deep in real APIs) are shortened.</summary>
        public const int MaxTypeNameLength = 96;

        /// <summary>
        /// A name of at most <paramref name="max"/> characters: longer names keep their start and end with <c>_</c> and
        /// 8 hex digits of a hash of the whole name (FNV-1a), so they stay stable and distinct.
        /// </summary>
        public static string Shorten(string name, int max)
        {
            if (name.Length <= max)
            {
                return name;
            }

            uint hash = 2166136261;
            foreach (char c in name)
            {
                hash = unchecked((hash ^ c) * 16777619);
            }

            return name.Substring(0, max - 9) + "_" + hash.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// PascalCase: words are runs of letters and digits; each word's first letter is upper-cased and the
        /// rest kept (<c>postMessage</c> → <c>PostMessage</c>, <c>list-for-repo</c> → <c>ListForRepo</c>,
        /// <c>thread_ts</c> → <c>ThreadTs</c>). A leading <c>+</c>/<c>-</c> before a digit reads as
        /// <c>Plus</c>/<c>Minus</c> (<c>+1</c> → <c>Plus1</c>); a digit first gets a <c>_</c> prefix.
        /// </summary>
        public static string ToPascal(string text)
        {
            var builder = new StringBuilder(text.Length + 4);
            bool upperNext = true;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsLetterOrDigit(c))
                {
                    builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                    upperNext = false;
                }
                else
                {
                    if (builder.Length == 0 && (c == '+' || c == '-') && i + 1 < text.Length && char.IsDigit(text[i + 1]))
                    {
                        builder.Append(c == '+' ? "Plus" : "Minus");
                    }

                    upperNext = true;
                }
            }

            if (builder.Length == 0)
            {
                return Fallback;
            }

            if (char.IsDigit(builder[0]))
            {
                builder.Insert(0, '_');
            }

            // A description's name can be any length; an identifier (and the file name derived from it) cannot.
            return Shorten(builder.ToString(), MaxNameLength);
        }

        /// <summary>
        /// A camelCase parameter name: PascalCase, then System.Text.Json's camel-casing (so <c>URLPath</c> →
        /// <c>urlPath</c>), with a <c>Value</c> suffix for a C# keyword (<c>class</c> → <c>classValue</c>).
        /// </summary>
        public static string ToCamel(string text)
        {
            string camel = JsonNaming.CamelCase(ToPascal(text));
            return IsKeyword(camel) ? camel + "Value" : camel;
        }
    }

    /// <summary>Hands out unique names in one scope (a namespace, a class, a parameter list).</summary>
    internal sealed class NameScope
    {
        private readonly HashSet<string> _taken = new HashSet<string>(System.StringComparer.Ordinal);
        private readonly int _maxLength;

        /// <param name="reserved">Names already taken.</param>
        /// <param name="maxLength">Candidates longer than this are shortened first (<see cref="Identifiers.Shorten"/>).</param>
        public NameScope(IEnumerable<string>? reserved = null, int maxLength = int.MaxValue)
        {
            _maxLength = maxLength;
            if (reserved is not null)
            {
                foreach (string name in reserved)
                {
                    _taken.Add(name);
                }
            }
        }

        public bool IsTaken(string name) => _taken.Contains(name);

        public void Reserve(string name) => _taken.Add(name);

        /// <summary>Returns <paramref name="candidate"/>, or the first of candidate2, candidate3, ... that is free; and takes it.</summary>
        public string Allocate(string candidate)
        {
            candidate = Identifiers.Shorten(candidate, _maxLength);
            string name = candidate;
            for (int i = 2; _taken.Contains(name); i++)
            {
                name = candidate + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            _taken.Add(name);
            return name;
        }
    }
}
