using System;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Emit;
using Alter.Typed.Generator.Model;
using Alter.Typed.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator
{
    /// <summary>
    /// Turns each <c>*.provider.json</c> AdditionalFile into a typed client (<c>&lt;Pascal&gt;.g.cs</c>) and all of them
    /// into the typed <c>App</c> (<c>App.g.cs</c>). Reads AdditionalFiles only: C# edits never re-run it.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ProviderGenerator : IIncrementalGenerator
    {
        /// <summary>The file name suffix of provider descriptions.</summary>
        public const string DescriptionSuffix = ".provider.json";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<AdditionalText> files = context.AdditionalTextsProvider
                .Where(static file => file.Path.EndsWith(DescriptionSuffix, StringComparison.OrdinalIgnoreCase))
                .WithTrackingName(TrackingNames.ProviderFiles);

            // The consumer's selection: <AdditionalFiles ... AlterOperations="issues/*;users/*" /> (CompilerVisibleItemMetadata).
            // The options provider does not change with C# edits, so this stays cached.
            IncrementalValuesProvider<(AdditionalText File, string? Operations)> selections = files
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (pair, _) => (pair.Left, OperationFilter.Read(pair.Right.GetOptions(pair.Left))))
                .WithTrackingName(TrackingNames.ProviderSelections);

            IncrementalValuesProvider<ParseResult> parsed = selections
                .Select(static (selection, cancellationToken) => Parse(selection.File, selection.Operations, cancellationToken))
                .WithTrackingName(TrackingNames.Parsed);

            IncrementalValuesProvider<ProviderModel?> models = parsed
                .Select(static (result, _) => result.Model)
                .WithTrackingName(TrackingNames.Models);

            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
                .Select(static (result, _) => result.Diagnostics)
                .WithTrackingName(TrackingNames.Diagnostics);

            IncrementalValueProvider<ProviderConflicts> conflicts = parsed
                .Select(static (result, _) => result.Key)
                .Collect()
                .Select(static (keys, _) => ProviderSet.FindConflicts(keys))
                .WithTrackingName(TrackingNames.Conflicts);

            IncrementalValueProvider<EquatableArray<string>> excluded = conflicts
                .Select(static (value, _) => value.ExcludedPaths)
                .WithTrackingName(TrackingNames.Excluded);

            // What every provider's emit reads besides its model: the exclusions and whether to emit reflection-free JSON
            // metadata (JsonMetadataSwitch, from build properties). Neither changes with C# edits, so this stays cached.
            // Each pipeline value is a class (or a pair of classes): a value type would make every compiler process JIT its
            // own copy of Roslyn's node tables (see EquatableArray).
            IncrementalValueProvider<EmitSettings> emitSettings = excluded
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (pair, _) => new EmitSettings(pair.Left, JsonMetadataSwitch.Read(pair.Right.GlobalOptions)))
                .WithTrackingName(TrackingNames.EmitSettings);

            // Source: re-emitted only when a model (or the rarely changing settings) changes.
            context.RegisterSourceOutput(
                models.Combine(emitSettings).WithTrackingName(TrackingNames.ProvidersToEmit),
                static (spc, pair) => EmitProvider(spc, pair.Left, pair.Right));

            // Diagnostics: re-reported when they change (a location shift included), without re-emitting source.
            context.RegisterSourceOutput(diagnostics, static (spc, values) => Report(spc, values));
            context.RegisterSourceOutput(
                conflicts.Select(static (value, _) => value.Diagnostics).WithTrackingName(TrackingNames.ConflictDiagnostics),
                static (spc, values) => Report(spc, values));

            IncrementalValueProvider<AppModel> app = models
                .Collect()
                .Combine(excluded)
                .Select(static (pair, _) => ProviderSet.BuildApp(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.AppModel);
            context.RegisterSourceOutput(app, static (spc, model) => EmitApp(spc, model));
        }

        private static ParseResult Parse(AdditionalText file, string? operations, CancellationToken cancellationToken)
        {
            string? text;
            try
            {
                text = file.GetText(cancellationToken)?.ToString();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return DescriptionParser.InternalError(file.Path, ex);
            }

            if (text is null)
            {
                var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValue, file.Path, new TextSpan(0, 0), default, "$", "the file could not be read");
                return new ParseResult(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }), null);
            }

            // DescriptionParser.Parse turns any unexpected exception into ALTER099 itself.
            return DescriptionParser.Parse(file.Path, text, cancellationToken, OperationFilter.Parse(operations));
        }

        private static void EmitProvider(SourceProductionContext context, ProviderModel? model, EmitSettings settings)
        {
            if (model is null || ProviderSet.Contains(settings.ExcludedPaths, model.SourcePath))
            {
                return;
            }

            string source;
            try
            {
                source = ProviderEmitter.Emit(model, settings.JsonMetadata);
            }
            catch (UnsafeSourceException ex)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsafeGeneratedLine, Location.Create(model.SourcePath, default, default), ex.Message));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.InternalError,
                    Location.Create(model.SourcePath, default, default),
                    ex.GetType().Name + ": " + ex.Message));
                return;
            }

            context.AddSource(ProviderEmitter.HintName(model), SourceText.From(source, Encoding.UTF8));
        }

        private static void EmitApp(SourceProductionContext context, AppModel model)
        {
            string source;
            try
            {
                source = AppEmitter.Emit(model) + ServiceCollectionEmitter.Emit(model);
            }
            catch (UnsafeSourceException ex)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsafeGeneratedLine, Location.None, ex.Message));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, ex.GetType().Name + ": " + ex.Message));
                return;
            }

            context.AddSource(AppEmitter.HintName, SourceText.From(source, Encoding.UTF8));
        }

        private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }
    }
}
