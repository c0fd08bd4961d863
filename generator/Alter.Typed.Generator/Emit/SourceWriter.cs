using System.Text;
using Alter.Typed.Generator.Naming;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>
    /// An indenting text writer with <c>\n</c> line ends (the output is the same on every OS). It refuses a line that holds
    /// a line terminator, control or format character or a lone surrogate (<see cref="UnsafeSourceException"/>): the
    /// emitters escape description text, and this is the check that nothing slipped past them.
    /// </summary>
    internal sealed class SourceWriter
    {
        private const string IndentUnit = "    ";
        private readonly StringBuilder _builder = new StringBuilder(4096);
        private int _indent;
        private int _lines;

        public void Line(string text)
        {
            _lines++;
            Check(text);
            if (text.Length > 0)
            {
                WriteIndent();
                _builder.Append(text);
            }

            _builder.Append('\n');
        }

        /// <summary>
        /// Writes one line from parts without joining them into a string first: the doc comments, most of a large client,
        /// are written this way (each part is checked as <see cref="Line(string)"/> checks a line).
        /// </summary>
        public void Line(string a, string b, string c = "", string d = "", string e = "", string f = "", string g = "", string h = "")
        {
            _lines++;
            WriteIndent();
            Part(a);
            Part(b);
            Part(c);
            Part(d);
            Part(e);
            Part(f);
            Part(g);
            Part(h);
            _builder.Append('\n');
        }

        public void Line()
        {
            _lines++;
            _builder.Append('\n');
        }

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

        private void WriteIndent()
        {
            for (int i = 0; i < _indent; i++)
            {
                _builder.Append(IndentUnit);
            }
        }

        private void Part(string text)
        {
            Check(text);
            _builder.Append(text);
        }

        private void Check(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= ' ' && c < 0x7F)
                {
                    continue;
                }

                if (UnsafeText.IsPair(text, i))
                {
                    i++;
                }
                else if (UnsafeText.IsControlOrFormat(c))
                {
                    throw new UnsafeSourceException(_lines, UnsafeText.CodePoint(c));
                }
            }
        }
    }
}
