using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator.Json
{
    /// <summary>Strings (escapes, surrogates), numbers and the literals true, false and null.</summary>
    internal sealed partial class JsonParser
    {
        [MethodImpl(Hot)]
        private string ParseString()
        {
            int openingQuote = _pos;
            LinePosition openingPosition = Position;
            _pos++; // opening quote
            StringBuilder? builder = null;
            int runStart = _pos;
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw new JsonParseException("unterminated string: expected a closing '\"'", openingQuote, openingPosition);
                }

                char c = _text[_pos];
                if (c == '"')
                {
                    string value = builder is null
                        ? _text.Substring(runStart, _pos - runStart)
                        : builder.Append(_text, runStart, _pos - runStart).ToString();
                    _pos++;
                    return value;
                }

                if (c < ' ')
                {
                    string what = c == '\n' || c == '\r'
                        ? "unterminated string: a line break must be written as \\n inside a string"
                        : "control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " must be escaped inside a string";
                    throw Error(what);
                }

                if (c != '\\')
                {
                    _pos++;
                    continue;
                }

                builder ??= new StringBuilder();
                builder.Append(_text, runStart, _pos - runStart);
                if (_pos + 1 >= _text.Length)
                {
                    throw new JsonParseException("unterminated string: expected a closing '\"'", openingQuote, openingPosition);
                }

                char escape = _text[_pos + 1];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        {
                            int code = 0;
                            for (int i = 0; i < 4; i++)
                            {
                                int digit = _pos + 2 + i < _text.Length ? HexValue(_text[_pos + 2 + i]) : -1;
                                if (digit < 0)
                                {
                                    throw Error("invalid \\u escape: expected 4 hexadecimal digits");
                                }

                                code = (code * 16) + digit;
                            }

                            // Surrogate pairs written as two escapes recombine naturally: strings are UTF-16.
                            builder.Append((char)code);
                            _pos += 4;
                            break;
                        }

                    default:
                        {
                            string shown = escape > ' ' && escape < 0x7F ? escape.ToString() : "U+" + ((int)escape).ToString("X4", CultureInfo.InvariantCulture);
                            throw Error($"invalid escape sequence '\\{shown}' (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                        }
                }

                _pos += 2;
                runStart = _pos;
            }
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        [MethodImpl(Hot)]
        private JsonNumber ParseNumber()
        {
            int start = _pos;
            LinePosition startPosition = Position;
            if (_text[_pos] == '-')
            {
                _pos++;
            }

            if (_pos >= _text.Length || !IsDigit(_text[_pos]))
            {
                throw Error($"invalid number: expected a digit but found {DescribeCurrent()}");
            }

            if (_text[_pos] == '0')
            {
                _pos++;
                if (_pos < _text.Length && IsDigit(_text[_pos]))
                {
                    throw Error("invalid number: a leading zero must not be followed by another digit");
                }
            }
            else
            {
                SkipDigits();
            }

            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos]))
                {
                    throw Error($"invalid number: expected a digit after '.' but found {DescribeCurrent()}");
                }

                SkipDigits();
            }

            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-'))
                {
                    _pos++;
                }

                if (_pos >= _text.Length || !IsDigit(_text[_pos]))
                {
                    throw Error($"invalid number: expected a digit in the exponent but found {DescribeCurrent()}");
                }

                SkipDigits();
            }

            return new JsonNumber(TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPosition, Position), _text.Substring(start, _pos - start));
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private void SkipDigits()
        {
            while (_pos < _text.Length && IsDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        private JsonNode ParseLiteral()
        {
            int start = _pos;
            LinePosition startPosition = Position;
            int end = _pos;
            while (end < _text.Length && char.IsLetterOrDigit(_text[end]))
            {
                end++;
            }

            string word = _text.Substring(start, end - start);
            JsonNode node;
            var span = TextSpan.FromBounds(start, end);
            var lineSpan = new LinePositionSpan(startPosition, new LinePosition(_line, end - _lineStart));
            switch (word)
            {
                case "true": node = new JsonBoolean(span, lineSpan, true); break;
                case "false": node = new JsonBoolean(span, lineSpan, false); break;
                case "null": node = new JsonNull(span, lineSpan); break;
                default: throw Error($"invalid literal '{word}': expected true, false or null");
            }

            _pos = end;
            return node;
        }
    }
}
