using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Model;
using Alter.Typed.Generator.Naming;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>Cross-file facts: duplicate providers, and the list the typed <c>App</c> exposes.</summary>
    internal static class ProviderSet
    {
        /// <summary>
        /// Files are taken in path order; a later file whose id, or whose C# name (compared ignoring case: it is also a
        /// hint name), is already taken gets ALTER006 and emits nothing.
        /// </summary>
        public static ProviderConflicts FindConflicts(ImmutableArray<ProviderKey?> keys)
        {
            var ordered = new List<ProviderKey>();
            foreach (ProviderKey? key in keys)
            {
                if (key is not null)
                {
                    ordered.Add(key);
                }
            }

            if (ordered.Count < 2)
            {
                return ProviderConflicts.None;
            }

            ordered.Sort((a, b) => string.CompareOrdinal(a.SourcePath, b.SourcePath));
            var ids = new Dictionary<string, ProviderKey>(StringComparer.Ordinal);
            var names = new Dictionary<string, ProviderKey>(StringComparer.OrdinalIgnoreCase);
            var excluded = new List<string>();
            var diagnostics = new List<DiagnosticInfo>();
            foreach (ProviderKey key in ordered)
            {
                if (ids.TryGetValue(key.Id, out ProviderKey? first))
                {
                    excluded.Add(key.SourcePath);
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Duplicate, key.SourcePath, key.IdSpan, key.IdLineSpan, "provider id", key.Id, "already used by " + first.SourcePath));
                    continue;
                }

                if (names.TryGetValue(key.PascalName, out first))
                {
                    excluded.Add(key.SourcePath);
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Duplicate, key.SourcePath, key.NameSpan, key.NameLineSpan, "provider C# name", key.PascalName, "already used by the provider '" + first.Id + "' in " + first.SourcePath));
                    continue;
                }

                ids.Add(key.Id, key);
                names.Add(key.PascalName, key);
            }

            return excluded.Count == 0
                ? ProviderConflicts.None
                : new ProviderConflicts(new EquatableArray<string>(excluded.ToArray()), new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
        }

        /// <summary>The providers of the App: valid, not excluded, ordered by id.</summary>
        public static AppModel BuildApp(ImmutableArray<ProviderModel?> models, EquatableArray<string> excluded)
        {
            var providers = new List<AppProviderModel>();
            foreach (ProviderModel? model in models)
            {
                if (model is null || Contains(excluded, model.SourcePath))
                {
                    continue;
                }

                string property = Array.IndexOf(ReservedNames.AppMembers, model.PascalName) >= 0 ? model.PascalName + "Client" : model.PascalName;
                providers.Add(new AppProviderModel(model.Id, model.Name, model.PascalName, model.Description, property));
            }

            providers.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            return new AppModel(new EquatableArray<AppProviderModel>(providers.ToArray()));
        }

        public static bool Contains(EquatableArray<string> values, string value)
        {
            foreach (string item in values)
            {
                if (string.Equals(item, value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
