namespace Alter.Catalog.Import;

/// <summary>What to import and how to name it.</summary>
public sealed record ImportOptions
{
    /// <summary>The provider id of the description (<c>slack</c>, <c>google-calendar</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The display name; default: the id in PascalCase.</summary>
    public string? Name { get; init; }

    /// <summary>Globs over operation ids and paths (<c>chat.*</c>, <c>issues/*</c>, <c>/v1/pages*</c>); none selects every operation.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>
    /// A provider description to widen (<c>--base</c>, e.g. a catalog entry): the output is this description as it is,
    /// plus the imported operations and the schemas they reach. Its id must be <see cref="Id"/>; its name is the default of <see cref="Name"/>.
    /// </summary>
    public string? Base { get; init; }

    /// <summary>
    /// With <see cref="Base"/>: the base's operations become the description's default set (<c>defaultOperations</c>, what a
    /// consumer gets without an <c>Operations</c> selection) and the imported ones stay one glob away. This is how a catalog
    /// entry carries a provider's whole API. Without it the output drops any <c>defaultOperations</c>: a widened
    /// description of your own is generated whole.
    /// </summary>
    public bool BaseIsDefault { get; init; }

    /// <summary>Where the imported document came from, written as the description's <c>source</c> (catalog entries record it).</summary>
    public ImportSource? Source { get; init; }
}

/// <summary>The origin of an imported document: recorded in the description's <c>source</c> object.</summary>
/// <param name="Url">Where the document is published (a repository file or a URL).</param>
/// <param name="Version">The document's version or the commit it was taken at.</param>
/// <param name="Date">When it was published (<c>2020-10</c>, ISO 8601 as precise as known).</param>
/// <param name="License">Its licence (SPDX id), when known.</param>
public sealed record ImportSource(string Url, string Version, string Date, string? License = null);

/// <summary>How bad a finding of the import is.</summary>
public enum ImportSeverity
{
    /// <summary>Imported, with a loss the user should know about (a construct typed as JSON, an operation left out).</summary>
    Warning,

    /// <summary>The input cannot be imported: nothing is written.</summary>
    Error,
}

/// <summary>One finding: the file, the JSON pointer inside it, and what is wrong.</summary>
/// <param name="Severity">Warning or error.</param>
/// <param name="File">The file the finding is about.</param>
/// <param name="Pointer">A JSON pointer (RFC 6901) into that file, <c>""</c> for the whole document.</param>
/// <param name="Message">What is wrong, and what happens because of it.</param>
/// <param name="Line">1-based line when known (syntax errors).</param>
/// <param name="Column">1-based column when known.</param>
public sealed record ImportDiagnostic(ImportSeverity Severity, string File, string Pointer, string Message, int? Line = null, int? Column = null)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        string where = Line is null ? File : $"{File}({Line},{Column ?? 1})";
        string pointer = Pointer.Length == 0 ? "#" : "#" + Pointer;

        // One line on a terminal or in a log, whatever the document held: unsafe characters are shown as \uXXXX.
        return Alter.Typed.Generator.Naming.UnsafeText.Show($"{where}: {(Severity == ImportSeverity.Error ? "error" : "warning")} at {pointer}: {Message}");
    }
}

/// <summary>The outcome of an import: the description text when it succeeded, and the findings.</summary>
public sealed record ImportResult(string? DescriptionJson, IReadOnlyList<ImportDiagnostic> Diagnostics, int OperationCount)
{
    /// <summary>Whether the import succeeded (no error).</summary>
    public bool Succeeded => DescriptionJson is not null;

    /// <summary>The warnings only.</summary>
    public IEnumerable<ImportDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == ImportSeverity.Warning);

    /// <summary>The errors only.</summary>
    public IEnumerable<ImportDiagnostic> Errors => Diagnostics.Where(d => d.Severity == ImportSeverity.Error);
}

/// <summary>Thrown internally when the input is unusable; carries the diagnostic.</summary>
internal sealed class ImportFailedException(ImportDiagnostic diagnostic) : Exception(diagnostic.ToString())
{
    public ImportDiagnostic Diagnostic { get; } = diagnostic;
}
