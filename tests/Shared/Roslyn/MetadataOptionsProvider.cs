using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Alter.Tests.Shared;

/// <summary>The <c>AlterOperations</c> metadata of AdditionalFiles, as MSBuild passes it through the analyzer config.</summary>
internal sealed class MetadataOptionsProvider(Dictionary<AdditionalText, string?> operations) : AnalyzerConfigOptionsProvider
{
    /// <summary>The key MSBuild gives the <c>AlterOperations</c> item metadata (written out here, not taken from the generator).</summary>
    public const string OperationsKey = "build_metadata.AdditionalFiles.AlterOperations";

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(null);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        => new Options(operations.TryGetValue(textFile, out string? value) ? value : null);

    private sealed class Options(string? operations) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            if (operations is not null && key == OperationsKey)
            {
                value = operations;
                return true;
            }

            value = null!;
            return false;
        }
    }
}
