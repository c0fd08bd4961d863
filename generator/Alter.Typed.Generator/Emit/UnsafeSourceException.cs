using System;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>
    /// Thrown by <see cref="SourceWriter"/> when a line of generated code would hold a line terminator, control or format
    /// character: text from a description reached the output unescaped. The generator reports it as ALTER021 and emits nothing.
    /// </summary>
    internal sealed class UnsafeSourceException : Exception
    {
        public UnsafeSourceException(int line, string codePoint)
            : base("line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of the generated code would contain " + codePoint)
        {
            Line = line;
            CodePoint = codePoint;
        }

        /// <summary>The 1-based line of the generated file.</summary>
        public int Line { get; }

        /// <summary>The refused character, as <c>U+XXXX</c>.</summary>
        public string CodePoint { get; }
    }
}
