using System.Collections.Generic;
using System.Text;
using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>
    /// The streamers of paginated operations (<c>ListAll</c> next to <c>List</c>): one expression handing the operation, its
    /// arguments and an item selector to the runtime's page walker (<c>ProviderClient.SendPagedAsync</c>), and the
    /// descriptor's <c>Pagination</c>. Every string from the description is a C# literal or escaped doc text.
    /// </summary>
    internal static partial class ProviderEmitter
    {
        /// <summary>What enumerating a streamer can fail with, page by page (the walk stops there).</summary>
        private static readonly string[] StreamerExceptionDocs =
        {
            "/// <exception cref=\"global::Alter.Typed.ProviderApiException\">The provider answered a page with an error: its status, error code and body.</exception>",
            "/// <exception cref=\"global::Alter.Typed.ReauthRequiredException\">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>",
            "/// <exception cref=\"global::Alter.Typed.AlterException\">A page could not be fetched under this client's grant (none or several match, the token endpoint failed), a next page pointed at a host that is not the provider's, or the provider gave a next page it had already given.</exception>",
            "/// <exception cref=\"global::System.OperationCanceledException\">The walk was cancelled, or a page timed out (<c>AlterOptions.Timeout</c>).</exception>",
        };

        private static void EmitStreamer(SourceWriter w, ProviderModel model, OperationModel operation, string? requestType, string responseType)
        {
            PaginationModel pagination = operation.Pagination!;
            string itemType = CSharp.Type(pagination.ItemType, model.Namespace);
            string id = DocComment.Escape(operation.Id);
            DocComment.Element(w, "summary", "Every item of every page of <c>" + id + "</c> (<see cref=\"" + operation.MethodName + "\"/>), fetched page by page as the caller reads on.");
            var remarks = new List<string>
            {
                "<para>" + HowItPages(pagination) + "</para>",
                "<para>Each page is one call through the credential pipeline, audited like <see cref=\"" + operation.MethodName + "\"/>; the next page is",
                "requested only when the caller moves past the last item of the current one.</para>",
            };
            if (pagination.Style == PaginationStyles.LinkHeader || pagination.Style == PaginationStyles.NextLink)
            {
                remarks.Add("<para>A next page on a host that is not the provider's is refused (<see cref=\"global::Alter.Typed.HostNotAllowedException\"/>): the credential is not sent there.</para>");
            }

            DocComment.Element(w, "remarks", remarks);
            List<string> signature = ParametersWithDocs(w, model, operation, requestType);
            w.Line("/// <param name=\"" + OperationModel.CancellationTokenName + "\">Cancels the walk (as <c>WithCancellation</c> does).</param>");
            signature.Add(CancellationToken + " " + OperationModel.CancellationTokenName + " = default");
            string items = pagination.ItemsPointer.Length == 0 ? "each answer is an array of them" : "<c>" + DocComment.Escape(pagination.ItemsPointer) + "</c> of each answer";
            w.Line("/// <returns>The items (" + items + "), in the provider's order.</returns>");
            foreach (string exception in StreamerExceptionDocs)
            {
                w.Line(exception);
            }

            w.Line("public global::System.Collections.Generic.IAsyncEnumerable<" + itemType + "> " + pagination.StreamerName + "(" + string.Join(", ", signature) + ")");
            w.Indent();
            string descriptor = Qualified(model, model.DescriptorsClassName) + "." + operation.FieldName;
            string arguments = ArgumentsExpression(operation);
            string selector = "static page => page" + ItemAccess(pagination.ItemProperties);
            string? payloadType = requestType ?? (operation.BodyType is null ? null : CSharp.Type(operation.BodyType, model.Namespace));
            string? payload = requestType is not null ? OperationModel.RequestParameterName : operation.BodyType is not null ? OperationModel.BodyParameterName : null;
            w.Line("=> " + (payload is null
                ? "_client.SendPagedAsync<" + responseType + ", " + itemType + ">(" + descriptor + ", " + arguments + ", " + selector + ", " + OperationModel.CancellationTokenName + ");"
                : "_client.SendPagedAsync<" + payloadType + ", " + responseType + ", " + itemType + ">(" + descriptor + ", " + arguments + ", " + payload + ", " + selector + ", " + OperationModel.CancellationTokenName + ");"));
            w.Unindent();
        }

        /// <summary><c>.Channels</c>, <c>.Data?.Items</c>: the checked C# property path from the answer to its item list.</summary>
        private static string ItemAccess(EquatableArray<string> properties)
        {
            var access = new StringBuilder();
            bool first = true;
            foreach (string property in properties)
            {
                access.Append(first ? "." : "?.").Append(property);
                first = false;
            }

            return access.ToString();
        }

        /// <summary>One sentence on the convention, for the streamer's remarks (names and pointers escaped as doc text).</summary>
        private static string HowItPages(PaginationModel pagination)
        {
            string Code(string? text) => "<c>" + DocComment.Escape(text ?? string.Empty) + "</c>";
            return pagination.Style switch
            {
                PaginationStyles.Cursor => "Pages by cursor: the " + Code(pagination.Parameter) + (pagination.ParameterInBody ? " body property" : " parameter")
                    + " of each next page takes " + Code(pagination.NextPointer) + " of the previous answer"
                    + (pagination.HasMorePointer is null ? "" : ", while " + Code(pagination.HasMorePointer) + " is true")
                    + (pagination.EnableParameter is null ? "" : "; every page sends " + Code(pagination.EnableParameter) + " as <c>true</c>, which turns this pagination on") + ".",
                PaginationStyles.LinkHeader => "Pages by the <c>Link</c> header: each next page is its <c>rel=\"next\"</c> URL.",
                PaginationStyles.NextLink => "Pages by next link: each next page is the URL at " + Code(pagination.NextPointer) + " of the previous answer.",
                _ => "Pages by offset: the " + Code(pagination.Parameter) + " parameter advances by the items each page held"
                    + (pagination.LimitParameter is null ? "" : " (" + Code(pagination.LimitParameter) + " is the page size)")
                    + (pagination.TotalPointer is null ? "" : ", up to " + Code(pagination.TotalPointer) + " of the answer") + ".",
            };
        }

        /// <summary>The descriptor's <c>Pagination</c> value: a runtime factory call whose arguments are C# literals.</summary>
        private static string PaginationExpression(PaginationModel pagination)
        {
            const string Type = "global::Alter.Typed.Generated.Pagination.";
            string Optional(string? text) => text is null ? "null" : CSharp.Literal(text);
            return pagination.Style switch
            {
                PaginationStyles.Cursor => Type + "Cursor(" + CSharp.Literal(pagination.Parameter!) + ", " + CSharp.Literal(pagination.ParameterInBody) + ", "
                    + CSharp.Literal(pagination.NextPointer!) + ", " + Optional(pagination.HasMorePointer) + ", " + Optional(pagination.EnableParameter) + ")",
                PaginationStyles.LinkHeader => Type + "LinkHeader()",
                PaginationStyles.NextLink => Type + "NextLink(" + CSharp.Literal(pagination.NextPointer!) + ")",
                _ => Type + "Offset(" + CSharp.Literal(pagination.Parameter!) + ", " + Optional(pagination.LimitParameter) + ", " + Optional(pagination.TotalPointer) + ")",
            };
        }
    }
}
