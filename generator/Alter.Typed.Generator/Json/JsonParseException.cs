using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator.Json
{
    /// <summary>A JSON syntax error: what was expected, and where (offset and 0-based line/column).</summary>
    internal sealed class JsonParseException : Exception
    {
        public JsonParseException(string message, int offset, LinePosition position)
            : base(message)
        {
            Offset = offset;
            Position = position;
        }

        public int Offset { get; }

        public LinePosition Position { get; }
    }
}
