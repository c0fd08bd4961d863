namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>What an attacker appends to a field of a description.</summary>
internal static class HostilePayloads
{
    /// <summary>A member that runs when the consumer's assembly loads; the trailing <c>//</c> comments out the rest of the line.</summary>
    public const string Member = "[global::System.Runtime.CompilerServices.ModuleInitializer] internal static void Pwn() { global::System.IO.File.WriteAllText(\"pwned\", \"x\"); } //";

    /// <summary>The identifiers that must never appear as tokens of generated code.</summary>
    public static readonly string[] ForbiddenIdentifiers = ["ModuleInitializer", "ModuleInitializerAttribute", "Pwn", "Pwned"];

    /// <summary>Name and text of each payload.</summary>
    public static readonly (string Name, string Text)[] All =
    [
        ("CR + member", "\r" + Member),
        ("LF + member", "\n" + Member),
        ("CRLF + member", "\r\n" + Member),
        ("NEL U+0085 + member", "\u0085" + Member),
        ("LS U+2028 + member", "\u2028" + Member),
        ("PS U+2029 + member", "\u2029" + Member),
        ("</summary> + member", "</c></summary></param></returns></remarks> */ " + Member),
        ("XML injection", "<see cref=\"Pwn\"/><![CDATA[ x ]]>&amp;&#x2028;<!-- -->"),
        ("quotes + member", "\"; } " + Member + " \\\" \\u0022 '"),
        ("verbatim and raw quotes", "\"\"\" @\" $\"{Pwn()}\" \"\"\""),
        ("braces", "} } } class Pwn { } namespace Pwned { { {"),
        ("#pragma", "\u2028#pragma warning disable\n#pragma checksum \"a\" \"{00000000-0000-0000-0000-000000000000}\" \"00\""),
        ("#line", "\u2029#line 1 \"Pwn.cs\"\r#line hidden\n#error Pwn\n#define Pwn"),
        ("#if", "\u0085#if false\n#endif\n#region Pwn"),
        ("BOM and bidi", "\uFEFF\u202E\u2066\u2069\u200B\u200D\u00AD // \u202E } ;"),
        ("controls", "\0\a\b\t\v\f\u001B\u007F\u0080\u009F"),
        ("lone surrogates", "\uD800 \uDC00 \uFFFE \uFFFF"),
        ("other spaces", "\u00A0\u1680\u2000\u3000\u202F"),
        ("very long", new string('A', 20_000) + " " + new string('z', 600)),
        ("deep nesting", string.Concat(Enumerable.Repeat("{[(<", 2_000)) + string.Concat(Enumerable.Repeat(">)]}", 2_000))),
    ];
}
