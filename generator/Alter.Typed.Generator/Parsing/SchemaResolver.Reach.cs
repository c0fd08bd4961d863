using System;
using System.Collections.Generic;
using Alter.Typed.Generator.Json;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>
    /// With an operation selection (the consumer's, or the description's <c>defaultOperations</c>): only the named schemas
    /// the selected operations reach become classes, built in the order a full run builds them.
    /// </summary>
    internal sealed partial class SchemaResolver
    {
        /// <summary>
        /// Builds, in declaration order, the named schemas reachable from <paramref name="operations"/> through <c>$ref</c>s.
        /// The set is closed under references, so the classes and their order are exactly those of a full run over a
        /// description holding only these operations: a catalog entry's default set generates the code its curated entry
        /// gave, and a selection does not reorder models when it grows. Nothing of an unreached schema is read.
        /// </summary>
        public void ResolveReached(IEnumerable<JsonObject> operations)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<JsonNode>();
            foreach (JsonObject operation in operations)
            {
                pending.Push(operation);
            }

            while (pending.Count > 0)
            {
                JsonNode node = pending.Pop();
                if (node is JsonArray array)
                {
                    foreach (JsonNode item in array.Items)
                    {
                        pending.Push(item);
                    }
                }
                else if (node is JsonObject obj)
                {
                    foreach (JsonProperty property in obj.Properties)
                    {
                        if (property.Name == "$ref" && property.Value is JsonString reference && reference.Value.StartsWith(RefPrefix, StringComparison.Ordinal))
                        {
                            if (_named.TryGetValue(UnescapePointer(reference.Value.Substring(RefPrefix.Length)), out NamedSchema? named) && reached.Add(named.Name))
                            {
                                pending.Push(named.Node);
                            }
                        }
                        else
                        {
                            pending.Push(property.Value);
                        }
                    }
                }
            }

            foreach (NamedSchema named in _namedInOrder)
            {
                if (!reached.Contains(named.Name))
                {
                    continue;
                }

                if (named.ClassName is not null)
                {
                    EnsureClass(named);
                }
                else
                {
                    ResolveAlias(named, named.Node);
                }
            }
        }
    }
}
