using System.CommandLine;
using Alter.Catalog.Import;

namespace Alter.Cli.Commands;

/// <summary><c>alter catalog import &lt;spec&gt; --id &lt;id&gt; [--include &lt;glob&gt;]... [--base &lt;description&gt;] --out &lt;file&gt;</c>.</summary>
public static class CatalogCommand
{
    /// <summary>Exit code of a bad input (malformed, unsupported or unresolvable): nothing is written.</summary>
    public const int InputError = 1;

    /// <summary>The <c>catalog</c> command and its subcommands.</summary>
    public static Command Create()
    {
        var catalog = new Command("catalog", "Work with provider descriptions (the catalog).");
        catalog.Subcommands.Add(CreateImport());
        return catalog;
    }

    private static Command CreateImport()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The OpenAPI 2.0, 3.0 or 3.1 document (JSON or YAML; local $refs to other files are followed), or a Google Discovery document (JSON)." };
        var id = new Option<string>("--id") { Description = "The provider id (lower-case letters, digits, '-').", Required = true };
        var name = new Option<string?>("--name") { Description = "The display name and C# name (default: the --base description's name, else the id in PascalCase)." };
        var include = new Option<string[]>("--include")
        {
            Description = "Keep the operations whose id or path matches this glob ('*' any text, '?' one character); repeatable. Default: all.",
            AllowMultipleArgumentsPerToken = false,
        };
        var baseFile = new Option<FileInfo?>("--base") { Description = "A provider description to widen (e.g. a catalog entry): the output keeps it whole (auth, api, errors, operations, schemas) and adds the imported operations. Its id must be --id; its name is the default of --name." };
        var output = new Option<FileInfo>("--out") { Description = "The provider description to write (<id>.provider.json).", Required = true };
        var quiet = new Option<bool>("--quiet") { Description = "Do not print warnings." };

        var command = new Command("import", "Import an OpenAPI or Google Discovery description as a provider description (format v1).") { spec, id, name, include, baseFile, output, quiet };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ImportOptions
            {
                Id = parse.GetValue(id)!,
                Name = parse.GetValue(name),
                Include = parse.GetValue(include) ?? [],
                Base = parse.GetValue(baseFile)?.FullName,
            };
            FileInfo outFile = parse.GetValue(output)!;
            ImportResult result = await OpenApiImporter.ImportToFileAsync(parse.GetValue(spec)!.FullName, outFile.FullName, options, cancellationToken).ConfigureAwait(false);
            TextWriter error = parse.InvocationConfiguration.Error;
            foreach (ImportDiagnostic diagnostic in result.Diagnostics)
            {
                if (diagnostic.Severity == ImportSeverity.Error || !parse.GetValue(quiet))
                {
                    await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
                }
            }

            if (!result.Succeeded)
            {
                await error.WriteLineAsync("Nothing was written.").ConfigureAwait(false);
                return InputError;
            }

            int warnings = result.Warnings.Count();
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"Wrote {outFile.FullName}: {result.OperationCount} operations" + (warnings == 0 ? "." : $", {warnings} warnings.")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
