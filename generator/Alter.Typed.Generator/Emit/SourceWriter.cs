using System.Text;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>An indenting text writer with <c>\n</c> line ends (the output is the same on every OS).</summary>
    internal sealed class SourceWriter
    {
        private const string IndentUnit = "    ";
        private readonly StringBuilder _builder = new StringBuilder(4096);
        private int _indent;

        public void Line(string text)
        {
            if (text.Length > 0)
            {
                for (int i = 0; i < _indent; i++)
                {
                    _builder.Append(IndentUnit);
                }

                _builder.Append(text);
            }

            _builder.Append('\n');
        }

        public void Line() => _builder.Append('\n');

        public void Open()
        {
            Line("{");
            _indent++;
        }

        public void Close(string suffix = "")
        {
            _indent--;
            Line("}" + suffix);
        }

        public void Indent() => _indent++;

        public void Unindent() => _indent--;

        public override string ToString() => _builder.ToString();
    }
}
