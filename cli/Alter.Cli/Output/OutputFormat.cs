namespace Alter.Cli.Output;

/// <summary>How a command prints its results (<c>--output</c>).</summary>
public enum OutputFormat
{
    /// <summary>A table for people (the default); plain ASCII when the output is not a terminal.</summary>
    Table,
    /// <summary>One JSON document: an array for lists, an object for a single result.</summary>
    Json,
    /// <summary>JSON lines: one compact object per line.</summary>
    Jsonl,
}

/// <summary>The names <c>--output</c> accepts.</summary>
public static class OutputFormats
{
    /// <summary><c>table</c>, <c>json</c>, <c>jsonl</c>.</summary>
    public static readonly string[] Names = ["table", "json", "jsonl"];

    /// <summary>Parses a name (case-insensitive); null is <see cref="OutputFormat.Table"/>.</summary>
    public static OutputFormat Parse(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "table" => OutputFormat.Table,
        "json" => OutputFormat.Json,
        "jsonl" => OutputFormat.Jsonl,
        _ => throw new CliException(ExitCodes.BadInput, $"Unknown output format '{name}': use table, json or jsonl."),
    };
}
