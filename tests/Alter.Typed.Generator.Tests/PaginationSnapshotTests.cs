using ApprovalTests;
using ApprovalTests.Namers;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>
/// One generated streamer per pagination convention, approved by review: the operation's descriptor (its
/// <c>Pagination</c>) and the group class with the single-page method and its streamer. The whole sample compiles clean.
/// </summary>
[UseReporter(typeof(QuietReporter))]
[UseApprovalSubdirectory("Snapshots")]
public sealed class PaginationSnapshotTests
{
    private static readonly Lazy<GeneratorRun> s_run = new(() => GeneratorHarness.Run([DescriptionSamples.File(PaginationSamples.Description)]));

    private static string Demo => s_run.Value.Source("Demo.g.cs");

    [Fact]
    public void Cursor_in_query_and_in_body() => Verify("Items");

    [Fact]
    public void Link_header() => Verify("Repos");

    [Fact]
    public void Next_link() => Verify("Me");

    [Fact]
    public void Offset() => Verify("Playlists");

    [Fact]
    public void Marker_with_its_switch_parameter() => Verify("Folders");

    [Fact]
    public void The_sample_compiles_without_warnings()
    {
        Assert.Empty(s_run.Value.GeneratorDiagnostics);
        Assert.Empty(s_run.Value.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe));
    }

    private static void Verify(string group) => Approvals.Verify(WriterFactory.CreateTextWriter(Extract(Demo, group), "cs"));

    /// <summary>The descriptors of the group's operations, then the group's class (from its doc comment to its closing brace).</summary>
    private static string Extract(string source, string group)
    {
        string[] lines = source.Split('\n');
        var descriptors = lines.Where(l => l.Contains("internal static readonly global::Alter.Typed.Generated.OperationDescriptor " + group, StringComparison.Ordinal));
        int declaration = Array.FindIndex(lines, l => l.Contains("public sealed partial class Demo" + group + "Operations", StringComparison.Ordinal));
        int start = declaration;
        while (lines[start - 1].TrimStart().StartsWith("///", StringComparison.Ordinal) || lines[start - 1].TrimStart().StartsWith("[", StringComparison.Ordinal))
        {
            start--;
        }

        int end = Array.FindIndex(lines, declaration, l => l == "    }");
        return string.Join('\n', descriptors.Select(d => d.Trim()).Append("").Concat(lines[start..(end + 1)])) + "\n";
    }
}
