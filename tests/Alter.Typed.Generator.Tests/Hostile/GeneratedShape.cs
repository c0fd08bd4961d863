using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>What generated syntax trees declare: members, attributes and directives, read from the trees (not from text).</summary>
internal sealed record GeneratedShape(
    IReadOnlyDictionary<string, int> MembersByFile,
    IReadOnlyDictionary<string, int> AttributesByFile,
    IReadOnlySet<string> AttributeNames,
    IReadOnlySet<string> MemberSignatures,
    IReadOnlySet<string> Directives,
    IReadOnlyList<string> ForbiddenTokens,
    IReadOnlyList<string> SyntaxProblems)
{
    public static GeneratedShape Of(GeneratorDriverRunResult result)
    {
        var members = new Dictionary<string, int>(StringComparer.Ordinal);
        var attributes = new Dictionary<string, int>(StringComparer.Ordinal);
        var attributeNames = new HashSet<string>(StringComparer.Ordinal);
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        var directives = new HashSet<string>(StringComparer.Ordinal);
        var forbidden = new List<string>();
        var problems = new List<string>();
        foreach (GeneratedSourceResult source in result.Results[0].GeneratedSources)
        {
            SyntaxNode root = source.SyntaxTree.GetRoot();
            List<MemberDeclarationSyntax> memberNodes = root.DescendantNodes().OfType<MemberDeclarationSyntax>().ToList();
            members[source.HintName] = memberNodes.Count;
            signatures.UnionWith(memberNodes.Select(Signature));
            List<AttributeSyntax> attributeNodes = root.DescendantNodes().OfType<AttributeSyntax>().ToList();
            attributes[source.HintName] = attributeNodes.Count;
            attributeNames.UnionWith(attributeNodes.Select(a => a.Name.ToString()));
            foreach (SyntaxTrivia trivia in root.DescendantTrivia(descendIntoTrivia: true))
            {
                if (trivia.IsDirective || trivia.IsKind(SyntaxKind.SkippedTokensTrivia) || trivia.IsKind(SyntaxKind.DisabledTextTrivia))
                {
                    directives.Add(trivia.Kind() + ": " + trivia.ToString().Trim());
                }
            }

            foreach (SyntaxToken token in root.DescendantTokens(descendIntoTrivia: true))
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && HostilePayloads.ForbiddenIdentifiers.Contains(token.ValueText))
                {
                    forbidden.Add(source.HintName + ": " + token.ValueText + " at " + token.GetLocation().GetLineSpan().StartLinePosition);
                }
            }

            problems.AddRange(source.SyntaxTree.GetDiagnostics()
                .Where(d => d.Severity >= DiagnosticSeverity.Warning)
                .Select(d => source.HintName + ": " + RoslynHarness.Describe(d)));
        }

        return new GeneratedShape(members, attributes, attributeNames, signatures, directives, forbidden, problems);
    }

    /// <summary>What kind of member it is: its syntax kind, modifiers and attributes (<c>MethodDeclaration public static [GeneratedCode]</c>).</summary>
    private static string Signature(MemberDeclarationSyntax member)
        => member.Kind() + " " + string.Join(" ", member.Modifiers.Select(m => m.Text).Order(StringComparer.Ordinal))
            + " [" + string.Join(", ", member.AttributeLists.SelectMany(l => l.Attributes).Select(a => a.Name.ToString()).Order(StringComparer.Ordinal)) + "]";

    /// <summary>The generated code's tokens without trivia: two runs that differ only in comments compile the same.</summary>
    public static string Tokens(GeneratorDriverRunResult result)
        => string.Join("\n", result.Results[0].GeneratedSources
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => string.Join(" ", s.SyntaxTree.GetRoot().DescendantTokens().Select(t => t.Text))));
}
