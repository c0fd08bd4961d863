using System.Globalization;
using System.Text;

namespace Alter.Typed.Generator.Naming
{
    /// <summary>
    /// The naming policies of System.Text.Json, replicated exactly (JsonCamelCaseNamingPolicy and
    /// JsonSeparatorNamingPolicy in dotnet/runtime, as shipped since .NET 8; checked against the real ones in the tests): a property gets <c>[JsonPropertyName]</c> only when
    /// the provider's policy applied to its C# name does not give back its JSON name.
    /// </summary>
    internal static class JsonNaming
    {
        public const string SnakeCase = "snake_case";
        public const string CamelCaseName = "camelCase";
        public const string KebabCase = "kebab-case";
        public const string None = "none";

        /// <summary>What the runtime assumes when the description has no <c>api.jsonNaming</c> (ProviderApi.JsonNaming).</summary>
        public const string Default = CamelCaseName;

        public static readonly string[] All = { SnakeCase, CamelCaseName, KebabCase, None };

        /// <summary>Applies the policy named by <c>api.jsonNaming</c> to a C# property name.</summary>
        public static string Apply(string policy, string name) => policy switch
        {
            SnakeCase => Separated(name, lowercase: true, '_'),
            KebabCase => Separated(name, lowercase: true, '-'),
            CamelCaseName => CamelCase(name),
            _ => name,
        };

        /// <summary>JsonNamingPolicy.CamelCase.</summary>
        public static string CamelCase(string name)
        {
            if (string.IsNullOrEmpty(name) || !char.IsUpper(name[0]))
            {
                return name;
            }

            char[] chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (i == 1 && !char.IsUpper(chars[i]))
                {
                    break;
                }

                bool hasNext = i + 1 < chars.Length;

                // Stop when the next char is already lower case.
                if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
                {
                    // If the next char is a space, lower-case the current char before exiting.
                    if (chars[i + 1] == ' ')
                    {
                        chars[i] = char.ToLowerInvariant(chars[i]);
                    }

                    break;
                }

                chars[i] = char.ToLowerInvariant(chars[i]);
            }

            return new string(chars);
        }

        private enum SeparatorState
        {
            NotStarted,
            UppercaseLetter,
            LowercaseLetterOrDigit,
            SpaceSeparator,
        }

        /// <summary>
        /// JsonNamingPolicy.SnakeCaseLower / KebabCaseLower (and the upper-case variants) as shipped since .NET 8
        /// (Json.NET semantics): a separator before an upper-case letter that follows a lower-case letter, digit or
        /// space, and before the last of a run of capitals followed by a lower-case letter (<c>XMLReader</c> →
        /// <c>xml_reader</c>); spaces trimmed at the ends and collapsed to one separator inside; other characters
        /// (the separator itself included) copied as they are.
        /// </summary>
        public static string Separated(string name, bool lowercase, char separator)
        {
            var result = new StringBuilder(name.Length + 8);
            SeparatorState state = SeparatorState.NotStarted;
            for (int i = 0; i < name.Length; i++)
            {
                char current = name[i];
                UnicodeCategory category = char.GetUnicodeCategory(current);
                switch (category)
                {
                    case UnicodeCategory.UppercaseLetter:
                        if (state is SeparatorState.LowercaseLetterOrDigit or SeparatorState.SpaceSeparator)
                        {
                            result.Append(separator);
                        }
                        else if (state == SeparatorState.UppercaseLetter && i + 1 < name.Length && char.IsLower(name[i + 1]))
                        {
                            result.Append(separator);
                        }

                        result.Append(lowercase ? char.ToLowerInvariant(current) : current);
                        state = SeparatorState.UppercaseLetter;
                        break;

                    case UnicodeCategory.LowercaseLetter:
                    case UnicodeCategory.DecimalDigitNumber:
                        if (state == SeparatorState.SpaceSeparator)
                        {
                            result.Append(separator);
                        }

                        result.Append(!lowercase && category == UnicodeCategory.LowercaseLetter ? char.ToUpperInvariant(current) : current);
                        state = SeparatorState.LowercaseLetterOrDigit;
                        break;

                    case UnicodeCategory.SpaceSeparator:
                        if (state != SeparatorState.NotStarted)
                        {
                            state = SeparatorState.SpaceSeparator;
                        }

                        break;

                    default:
                        result.Append(current);
                        state = SeparatorState.NotStarted;
                        break;
                }
            }

            return result.ToString();
        }
    }
}
