using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Alter.Tests.Shared;

/// <summary>
/// The <c>AlterOperations</c> metadata of AdditionalFiles and the build properties, as MSBuild passes them through the
/// analyzer config. Without properties given, the build is one that asks for JSON metadata (<c>AlterJsonMetadata=true</c>,
/// as a Native AOT or trimmed app gets it): the superset of what the generator emits, which the tests compile and snapshot.
/// </summary>
internal sealed class MetadataOptionsProvider(Dictionary<AdditionalText, string?> operations, Dictionary<string, string>? properties = null) : AnalyzerConfigOptionsProvider
{
    /// <summary>The key MSBuild gives the <c>AlterOperations</c> item metadata (written out here, not taken from the generator).</summary>
    public const string OperationsKey = "build_metadata.AdditionalFiles.AlterOperations";

    /// <summary>A build with the JSON metadata on (the default here).</summary>
    public static Dictionary<string, string> WithJsonMetadata => new() { ["build_property.AlterJsonMetadata"] = "true" };

    /// <summary>A build that sets none of the properties the generator reads: a plain app's, with the JSON metadata off.</summary>
    public static Dictionary<string, string> PlainBuild => new();

    public override AnalyzerConfigOptions GlobalOptions { get; } = new GlobalOptionsOf(properties ?? WithJsonMetadata);

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

internal sealed class GlobalOptionsOf(Dictionary<string, string> properties) : AnalyzerConfigOptions
{
    public override bool TryGetValue(string key, out string value) => properties.TryGetValue(key, out value!);
}
