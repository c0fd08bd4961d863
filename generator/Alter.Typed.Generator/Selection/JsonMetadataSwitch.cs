using Microsoft.CodeAnalysis.Diagnostics;

namespace Alter.Typed.Generator
{
    /// <summary>
    /// Whether to emit each provider's reflection-free System.Text.Json metadata. It is what Native AOT and trimming need,
    /// and most of what a large selection costs to compile (the default catalog: about 1 s of its 1.9 s with the compiler
    /// server, 5.8 s of 8 s without), so, as ASP.NET's request-delegate and configuration-binding generators do, it is on
    /// where the project can lose reflection and off elsewhere, where the runtime's reflection-based resolver reads the
    /// same models (the same <c>[JsonPropertyName]</c>/<c>[JsonIgnore]</c> attributes and naming policy).
    /// </summary>
    /// <remarks>
    /// On when <c>AlterJsonMetadata</c> is <c>true</c>; off when it is <c>false</c>; otherwise on when the trim or AOT
    /// analyzer is on (<c>PublishAot</c>, <c>PublishTrimmed</c>, <c>IsTrimmable</c> and <c>IsAotCompatible</c> all turn
    /// one on) or reflection-based serialization is switched off (<c>JsonSerializerIsReflectionEnabledByDefault</c>).
    /// The properties reach the generator as <c>CompilerVisibleProperty</c> items (the package's props, <c>providers/catalog.props</c>).
    /// </remarks>
    internal static class JsonMetadataSwitch
    {
        public const string PropertyKey = "build_property.AlterJsonMetadata";

        public static bool Read(AnalyzerConfigOptions global)
        {
            string? explicitValue = Value(global, PropertyKey);
            if (explicitValue is not null)
            {
                return !string.Equals(explicitValue, "false", System.StringComparison.OrdinalIgnoreCase);
            }

            return IsTrue(global, "build_property.EnableTrimAnalyzer")
                || IsTrue(global, "build_property.EnableAotAnalyzer")
                || string.Equals(Value(global, "build_property.JsonSerializerIsReflectionEnabledByDefault"), "false", System.StringComparison.OrdinalIgnoreCase);
        }

        private static bool IsTrue(AnalyzerConfigOptions global, string key)
            => string.Equals(Value(global, key), "true", System.StringComparison.OrdinalIgnoreCase);

        private static string? Value(AnalyzerConfigOptions global, string key)
            => global.TryGetValue(key, out string? value) && value is not null && value.Trim().Length > 0 ? value.Trim() : null;
    }
}
