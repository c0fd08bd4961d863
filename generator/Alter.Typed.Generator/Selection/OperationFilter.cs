using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Alter.Typed.Generator
{
    /// <summary>
    /// The consumer's operation selection for one description: globs over operation ids and paths, from the
    /// AdditionalFiles metadata <c>AlterOperations</c> (<c>issues/*;users/*</c>). <c>*</c> is any run of characters
    /// (slashes included), <c>?</c> one character; matching is ordinal. No metadata, or an empty one, selects everything.
    /// The catalog import (<c>alter catalog import --include</c>) uses the same rules.
    /// </summary>
    internal sealed class OperationFilter
    {
        /// <summary>The analyzer-config key of the metadata (<c>CompilerVisibleItemMetadata</c> AdditionalFiles/AlterOperations).</summary>
        public const string MetadataKey = "build_metadata.AdditionalFiles.AlterOperations";

        private readonly string[] _globs;

        private OperationFilter(string text, string[] globs)
        {
            Text = text;
            _globs = globs;
        }

        /// <summary>The metadata as written, for messages.</summary>
        public string Text { get; }

        public static string? Read(AnalyzerConfigOptions options)
            => options.TryGetValue(MetadataKey, out string? value) && value is not null && value.Trim().Length > 0 ? value.Trim() : null;

        /// <summary>Null (everything) for no metadata; globs are separated by <c>;</c> or <c>,</c>.</summary>
        public static OperationFilter? Parse(string? text)
        {
            if (text is null)
            {
                return null;
            }

            var globs = new List<string>();
            foreach (string part in text.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string glob = part.Trim();
                if (glob.Length > 0)
                {
                    globs.Add(glob);
                }
            }

            return globs.Count == 0 ? null : new OperationFilter(text, globs.ToArray());
        }

        /// <summary>Whether a glob is made of <c>*</c> only: every operation, and (as with no selection) every model.</summary>
        public bool SelectsEverything => Array.Exists(_globs, glob => glob.Trim('*').Length == 0);

        /// <summary>Whether a glob matches the operation id, or its path (with or without a leading '/').</summary>
        public bool Selects(string? id, string? path)
        {
            foreach (string glob in _globs)
            {
                if ((id is not null && Glob.IsMatch(glob, id))
                    || (path is not null && (Glob.IsMatch(glob, path) || Glob.IsMatch(glob, "/" + path))))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
