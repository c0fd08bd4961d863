using ApprovalTests;
using ApprovalTests.Namers;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>
/// The generated code for the catalog, approved by review. On a mismatch ApprovalTests writes
/// <c>Snapshots/SnapshotTests.&lt;Test&gt;.received.cs</c>: read it, and rename it to <c>.approved.cs</c> to accept.
/// </summary>
[UseReporter(typeof(QuietReporter))]
[UseApprovalSubdirectory("Snapshots")]
public sealed class SnapshotTests
{
    private static readonly Lazy<GeneratorRun> s_catalog = new(() =>
        GeneratorHarness.Run([GeneratorHarness.Provider("slack"), GeneratorHarness.Provider("github")]));

    [Fact]
    public void Slack() => Approvals.Verify(WriterFactory.CreateTextWriter(s_catalog.Value.Source("Slack.g.cs"), "cs"));

    [Fact]
    public void GitHub() => Approvals.Verify(WriterFactory.CreateTextWriter(s_catalog.Value.Source("GitHub.g.cs"), "cs"));

    [Fact]
    public void App() => Approvals.Verify(WriterFactory.CreateTextWriter(s_catalog.Value.Source("App.g.cs"), "cs"));

    [Fact]
    public void Multipart_raw_and_non_JSON_bodies()
        => Approvals.Verify(WriterFactory.CreateTextWriter(GeneratorHarness.Run([DescriptionSamples.File(BodyKindSamples.Description)]).Source("Demo.g.cs"), "cs"));

    [Fact]
    public void App_without_providers()
        => Approvals.Verify(WriterFactory.CreateTextWriter(GeneratorHarness.Run([]).Source("App.g.cs"), "cs"));
}
