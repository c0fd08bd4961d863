using System.Collections.Generic;

namespace Alter.Typed.Generator.Json
{
    /// <summary>
    /// Nodes compared by identity, hashed by where they start: two nodes of one document never start at the same character.
    /// The default (object) hash would do, but computing it the first time for each node is measurably slow over a large
    /// description (about 5% of the parse, seen in a profile of the full GitHub description).
    /// </summary>
    internal sealed class JsonNodeIdentity : IEqualityComparer<JsonNode>
    {
        public static readonly JsonNodeIdentity Instance = new JsonNodeIdentity();

        public bool Equals(JsonNode? x, JsonNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(JsonNode node) => node.Span.Start;
    }
}
