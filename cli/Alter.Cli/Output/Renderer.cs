using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Alter.Cli.Output;

/// <summary>
/// Prints results to the invocation's output writer as a table (Spectre.Console), a JSON document or JSON lines. Rows
/// are JSON objects, so the three formats show the same fields; tables pick and label some of them. No ANSI codes are
/// written unless the output is a terminal.
/// </summary>
internal sealed class Renderer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _writer;
    private IAnsiConsole? _console;

    public Renderer(TextWriter writer, OutputFormat format, bool interactive)
        => (_writer, Format, Interactive) = (writer, format, interactive);

    public OutputFormat Format { get; }
    public bool Interactive { get; }

    /// <summary>The Spectre console over the output writer: colours and live displays only on a terminal.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    /// <summary>Prints a list: a table with <paramref name="columns"/>, a JSON array, or one JSON line per row.</summary>
    public async Task ListAsync(IReadOnlyList<Column> columns, IReadOnlyList<JsonObject> rows, string? emptyNote = null)
    {
        switch (Format)
        {
            case OutputFormat.Json:
                await _writer.WriteLineAsync(new JsonArray([.. rows.Select(r => (JsonNode)r.DeepClone())]).ToJsonString(Indented)).ConfigureAwait(false);
                break;
            case OutputFormat.Jsonl:
                foreach (var row in rows) await _writer.WriteLineAsync(row.ToJsonString(Compact)).ConfigureAwait(false);
                break;
            default:
                if (rows.Count == 0 && emptyNote is not null)
                {
                    await _writer.WriteLineAsync(emptyNote).ConfigureAwait(false);
                    break;
                }
                var table = NewTable();
                foreach (var column in columns)
                    table.AddColumn(new TableColumn(new Text(column.Header)) { Alignment = column.Kind == ColumnKind.Number ? Justify.Right : Justify.Left });
                foreach (var row in rows)
                    table.AddRow([.. columns.Select(c => (IRenderable)new Text(Cell(row[c.Key], c.Kind)))]);
                Console.Write(table);
                break;
        }
        await _writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Prints one result: a two-column field/value table, a JSON object, or one JSON line.</summary>
    /// <param name="item">The result.</param>
    /// <param name="fields">The fields a table shows, in order (default: every property, by its name).</param>
    public async Task ItemAsync(JsonObject item, IReadOnlyList<Column>? fields = null)
    {
        switch (Format)
        {
            case OutputFormat.Json:
                await _writer.WriteLineAsync(item.ToJsonString(Indented)).ConfigureAwait(false);
                break;
            case OutputFormat.Jsonl:
                await _writer.WriteLineAsync(item.ToJsonString(Compact)).ConfigureAwait(false);
                break;
            default:
                fields ??= [.. item.Select(p => new Column(p.Key, p.Key))];
                var table = NewTable();
                table.AddColumn("field");
                table.AddColumn("value");
                foreach (var field in fields)
                    table.AddRow(new Text(field.Header), new Text(Cell(item[field.Key], field.Kind)));
                Console.Write(table);
                break;
        }
        await _writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes a line of text as is (table format only: notes for people must not break JSON output).</summary>
    public async Task NoteAsync(string line)
    {
        if (Format != OutputFormat.Table) return;
        await _writer.WriteLineAsync(line).ConfigureAwait(false);
        await _writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Formats a JSON value for a table cell.</summary>
    public static string Cell(JsonNode? value, ColumnKind kind = ColumnKind.Text) => value switch
    {
        null => "-",
        JsonArray array => array.Count == 0 ? "-" : string.Join(", ", array.Select(v => Cell(v))),
        JsonObject obj => obj.Count == 0 ? "-" : string.Join(", ", obj.Select(p => $"{p.Key}={Cell(p.Value)}")),
        JsonValue v when kind == ColumnKind.Time && v.TryGetValue<string>(out var s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? "-" : s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "yes" : "no",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("0.###", CultureInfo.InvariantCulture),
        _ => value.ToJsonString(Compact),
    };

    /// <summary>An ISO 8601 UTC timestamp with milliseconds, as JSON output writes times.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private Table NewTable()
    {
        var table = new Table();
        if (Interactive) table.Border(TableBorder.Rounded);
        else table.Border(TableBorder.Ascii);
        return table;
    }

    private IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_writer),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!Interactive)
        {
            // A pipe, a file or a test: no terminal width to respect, so tables are never wrapped.
            console.Profile.Width = 1000;
            console.Profile.Capabilities.Unicode = false;
        }
        return console;
    }
}
