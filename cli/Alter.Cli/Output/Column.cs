namespace Alter.Cli.Output;

/// <summary>How a column's values are shown in a table.</summary>
public enum ColumnKind
{
    /// <summary>As is (arrays joined with ", ", null as "-").</summary>
    Text,
    /// <summary>An ISO 8601 timestamp shown as <c>yyyy-MM-dd HH:mm:ss</c> UTC.</summary>
    Time,
    /// <summary>A number, right-aligned.</summary>
    Number,
}

/// <summary>A table column: its header and the JSON property it shows.</summary>
/// <param name="Header">The header text.</param>
/// <param name="Key">The property of each row object.</param>
/// <param name="Kind">How values are shown.</param>
public sealed record Column(string Header, string Key, ColumnKind Kind = ColumnKind.Text);
