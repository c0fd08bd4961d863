using System.Text.Json;

namespace Alter.Catalog.Import;

/// <summary>The generator's naming rules, mirrored where the import must predict them (method names, JSON naming).</summary>
internal static class Naming
{
    /// <summary>The generator's PascalCase: its own code (generator/Alter.Typed.Generator/Naming/Identifiers.cs, linked into this project).</summary>
    public static string ToPascal(string text) => Alter.Typed.Generator.Naming.Identifiers.ToPascal(text);

    /// <summary>The policies of format v1's <c>api.jsonNaming</c>, with System.Text.Json's own implementations.</summary>
    public static readonly (string Name, Func<string, string> Apply)[] Policies =
    [
        ("snake_case", JsonNamingPolicy.SnakeCaseLower.ConvertName),
        ("camelCase", JsonNamingPolicy.CamelCase.ConvertName),
        ("kebab-case", JsonNamingPolicy.KebabCaseLower.ConvertName),
        ("none", s => s),
    ];

    /// <summary>The policy that gives back the most JSON names from their C# names (fewest <c>[JsonPropertyName]</c>); camelCase on a tie.</summary>
    public static string ChooseJsonNaming(IEnumerable<string> jsonNames)
    {
        var counts = new int[Policies.Length];
        foreach (string name in jsonNames)
        {
            string pascal = ToPascal(name);
            for (int i = 0; i < Policies.Length; i++)
            {
                if (Policies[i].Apply(pascal) == name)
                {
                    counts[i]++;
                }
            }
        }

        int best = 1; // camelCase
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return Policies[best].Name;
    }
}

/// <summary>Operation selection: <c>*</c> any run of characters (slashes included), <c>?</c> one character; ordinal.</summary>
public static class OperationGlob
{
    /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/> (the generator's own matcher, linked into this project).</summary>
    public static bool IsMatch(string pattern, string value) => Alter.Typed.Generator.Glob.IsMatch(pattern, value);

    /// <summary>Whether any glob selects the operation, by id or by path (with or without its leading '/'); no glob selects all.</summary>
    public static bool Selects(IReadOnlyList<string> globs, string id, string path)
    {
        if (globs.Count == 0)
        {
            return true;
        }

        string relative = path.TrimStart('/');
        foreach (string glob in globs)
        {
            if (IsMatch(glob, id) || IsMatch(glob, path) || IsMatch(glob, relative))
            {
                return true;
            }
        }

        return false;
    }
}
