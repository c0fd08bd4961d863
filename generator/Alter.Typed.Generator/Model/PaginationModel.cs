namespace Alter.Typed.Generator.Model
{
    /// <summary>The pagination styles of format v1 (the <c>style</c> field).</summary>
    internal static class PaginationStyles
    {
        public const string Cursor = "cursor";
        public const string LinkHeader = "linkHeader";
        public const string NextLink = "nextLink";
        public const string Offset = "offset";

        public static readonly string[] All = { Cursor, LinkHeader, NextLink, Offset };
    }

    /// <summary>
    /// An operation's <c>pagination</c>, checked: the streamer's name, the item type and the C# property path from the answer
    /// to its item list, and what the runtime's walker needs (wire names and JSON Pointers, emitted as C# literals).
    /// </summary>
    internal sealed record PaginationModel(
        string Style,
        string StreamerName,
        TypeRef ItemType,
        string ItemsPointer,
        EquatableArray<string> ItemProperties,
        string? Parameter,
        bool ParameterInBody,
        string? NextPointer,
        string? HasMorePointer,
        string? LimitParameter,
        string? TotalPointer,
        string? EnableParameter);
}
