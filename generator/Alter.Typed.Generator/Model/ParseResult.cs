using Alter.Typed.Generator.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator.Model
{
    /// <summary>
    /// What the parse step yields per description: the model (null when the description has an error),
    /// its diagnostics, and the provider's identity for the cross-file duplicate check.
    /// </summary>
    internal sealed record ParseResult(ProviderModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, ProviderKey? Key);

    /// <summary>A provider's id and C# name, and where its <c>id</c> and <c>name</c> are written.</summary>
    internal sealed record ProviderKey(
        string Id,
        string PascalName,
        string SourcePath,
        TextSpan IdSpan,
        LinePositionSpan IdLineSpan,
        TextSpan NameSpan,
        LinePositionSpan NameLineSpan);

    /// <summary>Descriptions left out because another one already has their id or C# name, and the diagnostics saying so.</summary>
    internal sealed record ProviderConflicts(EquatableArray<string> ExcludedPaths, EquatableArray<DiagnosticInfo> Diagnostics)
    {
        public static readonly ProviderConflicts None = new ProviderConflicts(EquatableArray<string>.Empty, EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>The providers the typed <c>App</c> exposes, ordered by id.</summary>
    internal sealed record AppModel(EquatableArray<AppProviderModel> Providers);

    internal sealed record AppProviderModel(string Id, string Name, string PascalName, string? Description, string PropertyName);
}
