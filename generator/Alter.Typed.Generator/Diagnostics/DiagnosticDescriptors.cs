using Microsoft.CodeAnalysis;

namespace Alter.Typed.Generator.Diagnostics
{
    /// <summary>The diagnostics of the AlterTyped generator. Each points at a node of a <c>*.provider.json</c> file.</summary>
    internal static class DiagnosticDescriptors
    {
        public const string Category = "AlterTyped";

        public static readonly DiagnosticDescriptor JsonSyntaxError = new DiagnosticDescriptor(
            id: "ALTER001",
            title: "Provider description is not valid JSON",
            messageFormat: "JSON syntax error: {0}",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The provider description could not be read as JSON. The location is the first character the reader could not accept.");

        public static readonly DiagnosticDescriptor MissingRequiredField = new DiagnosticDescriptor(
            id: "ALTER002",
            title: "Required field missing from the provider description",
            messageFormat: "Missing required field '{0}' in {1}",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "An object of the provider description lacks a field that format version 1 requires. The location is the object that lacks it.");

        public static readonly DiagnosticDescriptor UnknownAuthKind = new DiagnosticDescriptor(
            id: "ALTER003",
            title: "Unknown auth kind",
            messageFormat: "Unknown auth kind '{0}'; expected one of: oauth2, apiKey, bearer, basic",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "auth.kind must name a kind of credential the runtime knows.");

        public static readonly DiagnosticDescriptor InvalidValue = new DiagnosticDescriptor(
            id: "ALTER004",
            title: "Invalid value in the provider description",
            messageFormat: "Invalid value at {0}: {1}",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A value has the wrong JSON type or is not one the format accepts (an HTTP method, a path placeholder without a parameter, a $ref that does not resolve, an unsupported formatVersion, ...).");

        public static readonly DiagnosticDescriptor UntypedSchema = new DiagnosticDescriptor(
            id: "ALTER005",
            title: "Schema construct typed as JsonElement",
            messageFormat: "The schema at {0} cannot be typed yet ({1}); it is typed as System.Text.Json.JsonElement",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "The generator does not map this schema construct to a C# type yet; the value stays available as raw JSON.");

        public static readonly DiagnosticDescriptor Duplicate = new DiagnosticDescriptor(
            id: "ALTER006",
            title: "Duplicate provider or operation",
            messageFormat: "Duplicate {0} '{1}': {2}",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Provider ids (and the C# names derived from provider names) must be unique among the AdditionalFiles; operation ids and parameters must be unique within a provider.");

        public static readonly DiagnosticDescriptor MethodNameClash = new DiagnosticDescriptor(
            id: "ALTER007",
            title: "Two operations map to the same C# method",
            messageFormat: "Operation '{0}' maps to the C# method {1}.{2}, like operation '{3}'; set \"group\" or \"name\" on one of them",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The group and method names derived from operation ids must be unique; the \"group\" and \"name\" fields of an operation override them.");

        public static readonly DiagnosticDescriptor UnknownField = new DiagnosticDescriptor(
            id: "ALTER008",
            title: "Unknown field ignored",
            messageFormat: "Unknown field '{0}' in {1} is ignored",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Format version 1 does not define this field (a misspelling?). Fields whose name starts with 'x-' are extensions and are ignored silently.");

        public static readonly DiagnosticDescriptor NoOperationSelected = new DiagnosticDescriptor(
            id: "ALTER009",
            title: "The operation selection matches no operation",
            messageFormat: "AlterOperations '{0}' selects no operation of '{1}'; globs match operation ids or paths ('issues/*', 'chat.*', 'repos/*')",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "The AlterOperations metadata of this description (from <AlterProvider Operations=\"...\" />) selects nothing: the client has no operation. A misspelled glob?");

        public static readonly DiagnosticDescriptor CaseOnlyPropertyClash = new DiagnosticDescriptor(
            id: "ALTER010",
            title: "Two JSON property names differ only in case",
            messageFormat: "The property '{0}' at {1} differs from '{2}' only in case; System.Text.Json, which reads JSON case-insensitively in the runtime, cannot map both, so '{0}' is left out of the class",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "The runtime deserializes with JsonSerializerDefaults.Web (case-insensitive names): a class with the JSON names 'foo' and 'FOO' would throw 'collides with another property' on first use. The second one is left out; read it from the raw JSON if needed.");

        public static readonly DiagnosticDescriptor InvalidPagination = new DiagnosticDescriptor(
            id: "ALTER011",
            title: "Invalid pagination of an operation",
            messageFormat: "Invalid pagination at {0}: {1}",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "An operation's \"pagination\" object must name a style (cursor, linkHeader, nextLink, offset), the parameters that style sends back (a query parameter or a body property of the operation), JSON Pointers (RFC 6901) into the answer, and an \"items\" pointer that reaches an array of the typed response.");

        public static readonly DiagnosticDescriptor PaginationPointerNotInResponse = new DiagnosticDescriptor(
            id: "ALTER012",
            title: "A pagination pointer names no property of the typed response",
            messageFormat: "The pointer '{0}' at {1} names no property of the typed response ({2}); a walk would stop after the first page: check the name, or declare the property in the response schema",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "The runtime reads nextCursor, hasMore, nextLink and total from each answer's JSON, so a misspelt pointer is not an error, but it silently ends every walk after one page. The generator follows the pointer through the response's classes and warns where a class lacks the named property (untyped parts are not checked).");

        /// <summary>
        /// ALTER020: a name, id, path, key, scope, URL or other non-prose string of the description holds a control, format
        /// or separator character (CR, LF, U+0085, U+2028, U+2029, a BOM, a bidi override, a no-break space, ...).
        /// Such a character could end a line of generated code or make it read differently than it compiles; the
        /// description is refused. Prose fields (description, summary, title, default, example, enum, format, pattern, x-*) may
        /// hold them: they are escaped where they reach generated code.
        /// </summary>
        public static readonly DiagnosticDescriptor UnsafeCharacter = new DiagnosticDescriptor(
            id: "ALTER020",
            title: "Control, format or separator character in a name of the provider description",
            messageFormat: "The {0} at {1} contains {2}, a control, format or separator character; names, ids, paths, keys, scopes and URLs may not hold one: remove it",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "C# ends a line at CR, LF, U+0085, U+2028 and U+2029, and format characters (BOM, bidi overrides, zero-width marks) make code read differently than it compiles. Names, ids, paths, keys, scopes and URLs of a description must not hold such characters; prose fields may, and are escaped.");

        /// <summary>
        /// ALTER021: the generator refused to write a line of generated code that held a line terminator, control or
        /// format character (the last check after escaping). Nothing is generated for the description.
        /// </summary>
        public static readonly DiagnosticDescriptor UnsafeGeneratedLine = new DiagnosticDescriptor(
            id: "ALTER021",
            title: "Generated code refused: unescaped character from the provider description",
            messageFormat: "No code was generated for this description: {0} (a character from the description reached generated code unescaped); please report it with the description file",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The generator checks every line it writes for line terminators, control and format characters. A hit means text from the description escaped the escaping of its context; the generator emits nothing rather than code an attacker may have shaped.");

        public static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(
            id: "ALTER099",
            title: "Internal error in the AlterTyped generator",
            messageFormat: "Internal error in the AlterTyped generator: {0}",
            category: Category,
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The generator failed unexpectedly on this description; no code was generated for it. Please report it with the description file.");
    }
}
