using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator.Json
{
    /// <summary>The kinds of JSON values.</summary>
    internal enum JsonNodeKind
    {
        Object,
        Array,
        String,
        Number,
        Boolean,
        Null,
    }

    /// <summary>
    /// A JSON value with its place in the source text: the character span and the 0-based
    /// line/column (UTF-16 code units) of its first and last character. Positions are what
    /// System.Text.Json's <c>JsonDocument</c> does not keep, and what diagnostics need.
    /// </summary>
    internal abstract class JsonNode
    {
        protected JsonNode(TextSpan span, LinePositionSpan lineSpan)
        {
            Span = span;
            LineSpan = lineSpan;
        }

        public abstract JsonNodeKind Kind { get; }

        /// <summary>The characters this value covers in the source text.</summary>
        public TextSpan Span { get; }

        /// <summary>The 0-based line/column where this value starts and ends.</summary>
        public LinePositionSpan LineSpan { get; }

        /// <summary>Where the value starts.</summary>
        public LinePosition Start => LineSpan.Start;

        /// <summary>A short name of the kind, for messages ("an object", "a string").</summary>
        public string KindDescription => Describe(Kind);

        /// <summary>Compact JSON text of this value (for documentation of default values).</summary>
        public string ToJsonText()
        {
            var builder = new StringBuilder();
            Write(builder);
            return builder.ToString();
        }

        internal abstract void Write(StringBuilder builder);

        public static string Describe(JsonNodeKind kind) => kind switch
        {
            JsonNodeKind.Object => "an object",
            JsonNodeKind.Array => "an array",
            JsonNodeKind.String => "a string",
            JsonNodeKind.Number => "a number",
            JsonNodeKind.Boolean => "a boolean",
            _ => "null",
        };

        internal static void WriteString(StringBuilder builder, string value)
        {
            builder.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            builder.Append('"');
        }
    }

    /// <summary>One member of a JSON object, with the position of its name.</summary>
    internal sealed class JsonProperty
    {
        public JsonProperty(string name, TextSpan nameSpan, LinePositionSpan nameLineSpan, JsonNode value)
        {
            Name = name;
            NameSpan = nameSpan;
            NameLineSpan = nameLineSpan;
            Value = value;
        }

        public string Name { get; }

        /// <summary>The span of the name, quotes included.</summary>
        public TextSpan NameSpan { get; }

        public LinePositionSpan NameLineSpan { get; }

        public JsonNode Value { get; }
    }

    internal sealed class JsonObject : JsonNode
    {
        public JsonObject(TextSpan span, LinePositionSpan lineSpan, JsonProperty[] properties)
            : base(span, lineSpan) => Properties = properties;

        public override JsonNodeKind Kind => JsonNodeKind.Object;

        /// <summary>The members in source order; a repeated name appears more than once.</summary>
        /// <remarks>An array, not a list interface: a <c>foreach</c> over an interface allocates an enumerator each time.</remarks>
        public JsonProperty[] Properties { get; }

        /// <summary>The first member with this exact (case-sensitive) name, or null.</summary>
        public JsonProperty? Find(string name)
        {
            foreach (JsonProperty property in Properties)
            {
                if (string.Equals(property.Name, name, System.StringComparison.Ordinal))
                {
                    return property;
                }
            }

            return null;
        }

        internal override void Write(StringBuilder builder)
        {
            builder.Append('{');
            for (int i = 0; i < Properties.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                WriteString(builder, Properties[i].Name);
                builder.Append(':');
                Properties[i].Value.Write(builder);
            }

            builder.Append('}');
        }
    }

    internal sealed class JsonArray : JsonNode
    {
        public JsonArray(TextSpan span, LinePositionSpan lineSpan, JsonNode[] items)
            : base(span, lineSpan) => Items = items;

        public override JsonNodeKind Kind => JsonNodeKind.Array;

        public JsonNode[] Items { get; }

        internal override void Write(StringBuilder builder)
        {
            builder.Append('[');
            for (int i = 0; i < Items.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                Items[i].Write(builder);
            }

            builder.Append(']');
        }
    }

    internal sealed class JsonString : JsonNode
    {
        public JsonString(TextSpan span, LinePositionSpan lineSpan, string value)
            : base(span, lineSpan) => Value = value;

        public override JsonNodeKind Kind => JsonNodeKind.String;

        /// <summary>The unescaped value.</summary>
        public string Value { get; }

        internal override void Write(StringBuilder builder) => WriteString(builder, Value);
    }

    internal sealed class JsonNumber : JsonNode
    {
        public JsonNumber(TextSpan span, LinePositionSpan lineSpan, string rawText)
            : base(span, lineSpan) => RawText = rawText;

        public override JsonNodeKind Kind => JsonNodeKind.Number;

        /// <summary>The number exactly as written (already validated against the JSON grammar).</summary>
        public string RawText { get; }

        public bool TryGetInt32(out int value)
            => int.TryParse(RawText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

        public bool TryGetInt64(out long value)
            => long.TryParse(RawText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

        public bool TryGetDouble(out double value)
            => double.TryParse(RawText, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        internal override void Write(StringBuilder builder) => builder.Append(RawText);
    }

    internal sealed class JsonBoolean : JsonNode
    {
        public JsonBoolean(TextSpan span, LinePositionSpan lineSpan, bool value)
            : base(span, lineSpan) => Value = value;

        public override JsonNodeKind Kind => JsonNodeKind.Boolean;

        public bool Value { get; }

        internal override void Write(StringBuilder builder) => builder.Append(Value ? "true" : "false");
    }

    internal sealed class JsonNull : JsonNode
    {
        public JsonNull(TextSpan span, LinePositionSpan lineSpan)
            : base(span, lineSpan)
        {
        }

        public override JsonNodeKind Kind => JsonNodeKind.Null;

        internal override void Write(StringBuilder builder) => builder.Append("null");
    }
}
