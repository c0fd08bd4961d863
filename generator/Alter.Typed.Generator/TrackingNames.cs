namespace Alter.Typed.Generator
{
    /// <summary>Names of the pipeline steps, for <c>GeneratorRunResult.TrackedSteps</c> in tests.</summary>
    public static class TrackingNames
    {
        /// <summary>The <c>*.provider.json</c> AdditionalFiles.</summary>
        public const string ProviderFiles = nameof(ProviderFiles);

        /// <summary>Each description with its operation selection (the <c>AlterOperations</c> metadata, or null for all).</summary>
        public const string ProviderSelections = nameof(ProviderSelections);

        /// <summary>One parse result (model + diagnostics + identity) per file.</summary>
        public const string Parsed = nameof(Parsed);

        /// <summary>The models alone (null for a description with an error).</summary>
        public const string Models = nameof(Models);

        /// <summary>The diagnostics alone.</summary>
        public const string Diagnostics = nameof(Diagnostics);

        /// <summary>Duplicate provider ids / C# names across files.</summary>
        public const string Conflicts = nameof(Conflicts);

        /// <summary>The files left out because of a conflict.</summary>
        public const string Excluded = nameof(Excluded);

        /// <summary>
        /// The exclusions and whether reflection-free JSON metadata is emitted (the build's <c>AlterJsonMetadata</c>, trim and
        /// AOT settings): what every provider's emit reads besides its model.
        /// </summary>
        public const string EmitSettings = nameof(EmitSettings);

        /// <summary>Each model paired with the emit settings: what the per-provider source output sees.</summary>
        public const string ProvidersToEmit = nameof(ProvidersToEmit);

        /// <summary>The diagnostics of the conflicts.</summary>
        public const string ConflictDiagnostics = nameof(ConflictDiagnostics);

        /// <summary>The providers of the typed <c>App</c>.</summary>
        public const string AppModel = nameof(AppModel);
    }
}
