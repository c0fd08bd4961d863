using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator.Json
{
    /// <summary>
    /// A strict RFC 8259 JSON parser that keeps the position of every node. No comments, no trailing
    /// commas, no single quotes: a description is data other tools read too. Line breaks are
    /// <c>\n</c>, <c>\r\n</c> and <c>\r</c>; columns count UTF-16 code units, as Roslyn's do.
    /// </summary>
    internal sealed partial class JsonParser
    {
        /// <summary>Deeper documents are refused: recursion must never overflow the compiler's stack.</summary>
        public const int MaxDepth = 128;

        /// <summary>
        /// MethodImplOptions.AggressiveOptimization (not in netstandard2.0's enum): the compiler loads the generator cold,
        /// and these loops run over megabytes of description; tier-0 code would run them several times slower.
        /// </summary>
        private const MethodImplOptions Hot = (MethodImplOptions)512;

        private readonly string _text;

        // One list per depth, reused: each object's members (each array's items) are gathered there and copied once into an
        // array of the right size, instead of a new list per object growing by doubling (most of a description's garbage).
        private readonly List<List<JsonProperty>> _memberLists = new List<List<JsonProperty>>();
        private readonly List<List<JsonNode>> _itemLists = new List<List<JsonNode>>();
        private int _pos;
        private int _line;
        private int _lineStart;
        private int _depth;

        private JsonParser(string text)
        {
            _text = text;
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                _pos = 1;
                _lineStart = 1;
            }
        }

        /// <summary>Parses a whole document; throws <see cref="JsonParseException"/> on a syntax error.</summary>
        public static JsonNode Parse(string text)
        {
            var parser = new JsonParser(text);
            parser.SkipWhitespace();
            if (parser._pos >= text.Length)
            {
                throw parser.Error("expected a JSON value but the file is empty");
            }

            JsonNode root = parser.ParseValue();
            parser.SkipWhitespace();
            if (parser._pos < text.Length)
            {
                throw parser.Error($"unexpected {parser.DescribeCurrent()} after the end of the JSON value");
            }

            return root;
        }

        private LinePosition Position => new LinePosition(_line, _pos - _lineStart);

        private JsonParseException Error(string message) => new JsonParseException(message, _pos, Position);

        private string DescribeCurrent()
        {
            if (_pos >= _text.Length)
            {
                return "the end of the file";
            }

            char c = _text[_pos];
            return c > ' ' && c < 0x7F
                ? "'" + c + "'"
                : "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        }

        [MethodImpl(Hot)]
        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ' ' || c == '\t')
                {
                    _pos++;
                }
                else if (c == '\n')
                {
                    _pos++;
                    _line++;
                    _lineStart = _pos;
                }
                else if (c == '\r')
                {
                    _pos++;
                    if (_pos < _text.Length && _text[_pos] == '\n')
                    {
                        _pos++;
                    }

                    _line++;
                    _lineStart = _pos;
                }
                else
                {
                    return;
                }
            }
        }

        [MethodImpl(Hot)]
        private JsonNode ParseValue()
        {
            if (_pos >= _text.Length)
            {
                throw Error("expected a value but found the end of the file");
            }

            char c = _text[_pos];
            switch (c)
            {
                case '{':
                    return ParseObject();
                case '[':
                    return ParseArray();
                case '"':
                    {
                        int start = _pos;
                        LinePosition startPosition = Position;
                        string value = ParseString();
                        return new JsonString(TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPosition, Position), value);
                    }

                case 't':
                case 'f':
                case 'n':
                    return ParseLiteral();
                case '/':
                    throw Error("comments are not allowed in JSON");
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ParseNumber();
                    }

                    throw Error($"expected a value (object, array, string, number, true, false or null) but found {DescribeCurrent()}");
            }
        }

        /// <summary>The emptied list for this depth (an object's members or an array's items).</summary>
        private static List<T> Scratch<T>(List<List<T>> lists, int depth)
        {
            while (lists.Count <= depth)
            {
                lists.Add(new List<T>());
            }

            List<T> list = lists[depth];
            list.Clear();
            return list;
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Error("the document nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
            }
        }

        [MethodImpl(Hot)]
        private JsonObject ParseObject()
        {
            int start = _pos;
            LinePosition startPosition = Position;
            Enter();
            _pos++; // '{'
            List<JsonProperty> properties = Scratch(_memberLists, _depth);
            SkipWhitespace();
            if (_pos < _text.Length && _text[_pos] == '}')
            {
                _pos++;
                _depth--;
                return new JsonObject(TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPosition, Position), Array.Empty<JsonProperty>());
            }

            while (true)
            {
                SkipWhitespace();
                if (_pos >= _text.Length || _text[_pos] != '"')
                {
                    string hint = properties.Count > 0 && _pos < _text.Length && _text[_pos] == '}'
                        ? " (a trailing comma is not allowed)"
                        : string.Empty;
                    throw Error($"expected a property name in double quotes but found {DescribeCurrent()}{hint}");
                }

                int nameStart = _pos;
                LinePosition nameStartPosition = Position;
                string name = ParseString();
                var nameSpan = TextSpan.FromBounds(nameStart, _pos);
                var nameLineSpan = new LinePositionSpan(nameStartPosition, Position);
                SkipWhitespace();
                if (_pos >= _text.Length || _text[_pos] != ':')
                {
                    throw Error($"expected ':' after the property name \"{name}\" but found {DescribeCurrent()}");
                }

                _pos++;
                SkipWhitespace();
                JsonNode value = ParseValue();
                properties.Add(new JsonProperty(name, nameSpan, nameLineSpan, value));
                SkipWhitespace();
                if (_pos < _text.Length && _text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }

                if (_pos < _text.Length && _text[_pos] == '}')
                {
                    _pos++;
                    _depth--;
                    return new JsonObject(TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPosition, Position), properties.ToArray());
                }

                throw Error($"expected ',' or '}}' after the value of \"{name}\" but found {DescribeCurrent()}");
            }
        }

        [MethodImpl(Hot)]
        private JsonArray ParseArray()
        {
            int start = _pos;
            LinePosition startPosition = Position;
            Enter();
            _pos++; // '['
            List<JsonNode> items = Scratch(_itemLists, _depth);
            SkipWhitespace();
            if (_pos < _text.Length && _text[_pos] == ']')
            {
                _pos++;
                _depth--;
                return new JsonArray(TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPosition, Position), Array.Empty<JsonNode>());
            }

            while (true)
            {
                SkipWhitespace();
                if (items.Count > 0 && _pos < _text.Length && _text[_pos] == ']')
                {
                    throw Error("expected a value after ',' but found ']' (a trailing comma is not allowed)");
                }

                items.Add(ParseValue());
                SkipWhitespace();
                if (_pos < _text.Length && _text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }

                if (_pos < _text.Length && _text[_pos] == ']')
                {
                    _pos++;
                    _depth--;
                    return new JsonArray(TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPosition, Position), items.ToArray());
                }

                throw Error($"expected ',' or ']' after an array item but found {DescribeCurrent()}");
            }
        }
    }
}
