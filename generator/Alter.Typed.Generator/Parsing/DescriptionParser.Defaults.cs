using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>
    /// The root fields of a catalog entry that carries a provider's whole API: <c>defaultOperations</c> (what a consumer gets
    /// without a selection) and <c>source</c> (where the imported description came from; documentation only).
    /// </summary>
    internal sealed partial class DescriptionParser
    {
        public static readonly string[] SourceKeys = { "url", "version", "date", "license", "operations" };

        /// <summary>
        /// <c>"defaultOperations": ["chat.postMessage", "conversations.*"]</c>: globs (the <c>AlterOperations</c> rules) naming
        /// the operations generated when the consumer selects none. Absent: every operation, as before. A consumer's
        /// selection (<c>Operations="*"</c> included) replaces it.
        /// </summary>
        private OperationFilter? ReadDefaultOperations(JsonObject root)
        {
            EquatableArray<string>? globs = _ctx.StringArray(root, "defaultOperations", "$");
            if (globs is not EquatableArray<string> list)
            {
                return null;
            }

            if (list.Count == 0)
            {
                // Items that are not strings were reported one by one; an empty list is a mistake of its own.
                JsonNode node = root.Find("defaultOperations")!.Value;
                if (node is JsonArray { Items.Length: 0 })
                {
                    _ctx.Invalid(node, "$.defaultOperations", "'defaultOperations' is empty; leave it out to generate every operation by default");
                }

                return null;
            }

            // OperationFilter reads the same text a consumer writes in AlterOperations; ids never hold ';' or ','.
            return OperationFilter.Parse(string.Join(";", list));
        }

        /// <summary><c>"source": { "url", "version", "date", "license", "operations" }</c>: read for checking only (no code depends on it).</summary>
        private void CheckSource(JsonObject root)
        {
            if (_ctx.Object(root, "source", "$") is not JsonObject source)
            {
                return;
            }

            _ctx.CheckKeys(source, "$.source", SourceKeys);
            _ctx.NonEmptyString(source, "url", "$.source");
            _ctx.String(source, "version", "$.source");
            _ctx.String(source, "date", "$.source");
            _ctx.String(source, "license", "$.source");
            if (_ctx.Field(source, "operations", "$.source", required: false) is JsonNode count && _ctx.Int32(count, "$.source.operations") is int n && n < 0)
            {
                _ctx.Invalid(count, "$.source.operations", "expected a count (0 or more)");
            }
        }
    }
}
