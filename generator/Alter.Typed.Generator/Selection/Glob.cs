namespace Alter.Typed.Generator
{
    /// <summary>
    /// Operation selection globs: <c>*</c> is any run of characters (slashes included), <c>?</c> one character; ordinal.
    /// The catalog import links this file, so <c>alter catalog import --include</c> selects exactly as the generator does.
    /// </summary>
    internal static class Glob
    {
        public static bool IsMatch(string pattern, string value)
        {
            int p = 0, v = 0, star = -1, mark = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
                {
                    p++;
                    v++;
                }
                else if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    mark = v;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    v = ++mark;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }
    }
}
