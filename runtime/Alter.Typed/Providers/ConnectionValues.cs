using System.Text.RegularExpressions;

namespace Alter.Typed;

/// <summary>Checks per-connection values and substitutes them into URL templates.</summary>
internal static class ConnectionValues
{
    public static bool HasPlaceholder(string url) => url.Contains('{') && url.Contains('}');

    public static string Substitute(string template, IReadOnlyDictionary<string, string> values)
    {
        if (!HasPlaceholder(template) || values.Count == 0) return template;
        foreach (var (name, value) in values) template = template.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return template;
    }

    /// <summary>
    /// Every declared value must be given and match its pattern; no undeclared value may be given. The pattern is what
    /// keeps <c>evil.example/x#</c> out of <c>https://{subdomain}.zendesk.com/</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Validate(ProviderDescriptor provider, IReadOnlyDictionary<string, string>? given)
    {
        given ??= new Dictionary<string, string>();
        foreach (var name in given.Keys)
            if (!provider.ConnectionValues.Any(v => v.Name == name))
                throw new ConnectException($"{provider.Name} takes no connection value '{name}'{Expected(provider)}.");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declared in provider.ConnectionValues)
        {
            if (!given.TryGetValue(declared.Name, out var value) || string.IsNullOrWhiteSpace(value))
                throw new ConnectException($"Connecting {provider.Name} needs the connection value '{declared.Name}': {declared.Description} Pass it in ConnectOptions.ConnectionValues.");
            if (HasControlCharacter(value))
                throw new ConnectException($"The {provider.Name} connection value '{declared.Name}' contains a control or line-separator character; pass the bare value (no newline, tab or invisible character). Nothing was stored.");
            if (!MatchesWhole(value, declared.Pattern ?? ConnectionValue.DnsLabel))
                throw new ConnectException($"The {provider.Name} connection value '{declared.Name}' is not valid: it must match {declared.Pattern ?? ConnectionValue.DnsLabel}. Nothing was stored.");
            values[declared.Name] = value;
        }
        return values;
    }

    /// <summary>
    /// The pattern must match the whole value. Descriptions write <c>^...$</c>, and .NET's <c>$</c> also matches before a
    /// final newline (<c>"acme\n"</c> passed), so the pattern is wrapped in <c>\A(?:...)\z</c>, which ends at the true end.
    /// </summary>
    private static bool MatchesWhole(string value, string pattern)
        => Regex.IsMatch(value, @"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Control characters (CR, LF, NUL, ...), format characters and the Unicode line and paragraph separators.</summary>
    private static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
                return true;
        return false;
    }

    private static string Expected(ProviderDescriptor provider)
        => provider.ConnectionValues.Count == 0 ? "" : $" (it takes: {string.Join(", ", provider.ConnectionValues.Select(v => v.Name))})";
}
