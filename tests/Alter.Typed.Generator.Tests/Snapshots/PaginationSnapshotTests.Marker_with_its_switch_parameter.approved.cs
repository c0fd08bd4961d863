internal static readonly global::Alter.Typed.Generated.OperationDescriptor FoldersItems = new("demo", "folders.items", global::System.Net.Http.HttpMethod.Get, "folders/{folder_id}/items", global::Alter.Typed.Generated.BodyKind.None) { Summary = "Lists a folder's items (Box-like marker).", Pagination = global::Alter.Typed.Generated.Pagination.Cursor("marker", false, "/next_marker", null, "usemarker"), Tool = global::Alter.Typed.Generated.OperationTool.For<global::Alter.Typed.Demo.FoldersItemsRequest, global::Alter.Typed.Demo.FoldersItemsResponse>(), ToolQuery = new string[] { "usemarker:boolean", "marker:string", "limit:integer" } };

    /// <summary>The <c>folders</c> operations of Demo.</summary>
    [global::System.CodeDom.Compiler.GeneratedCode("Alter.Typed.Generator", "0.1.0")]
    public sealed partial class DemoFoldersOperations
    {
        private readonly global::Alter.Typed.Demo.DemoClient _client;

        internal DemoFoldersOperations(global::Alter.Typed.Demo.DemoClient client) => _client = client;

        /// <summary>Lists a folder's items (Box-like marker).</summary>
        /// <remarks><para>Operation <c>folders.items</c>: <c>GET folders/{folder_id}/items</c>.</para></remarks>
        /// <param name="folderId">The <c>{folder_id}</c> path parameter.</param>
        /// <param name="request">The optional parameters; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered with an error: its status, error code and body (and a missing scope, when it names one).</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">The call could not be made under this client's grant: none or several match, its host is not allowed, or the token endpoint failed.</exception>
        /// <exception cref="global::System.OperationCanceledException">The call was cancelled, or it timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Threading.Tasks.Task<global::Alter.Typed.Demo.FoldersItemsResponse> Items(string folderId, global::Alter.Typed.Demo.FoldersItemsRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendAsync<global::Alter.Typed.Demo.FoldersItemsRequest, global::Alter.Typed.Demo.FoldersItemsResponse>(global::Alter.Typed.Demo.DemoOperationDescriptors.FoldersItems, new global::Alter.Typed.Generated.RequestArguments().Path("folder_id", folderId), request, cancellationToken);

        /// <summary>Every item of every page of <c>folders.items</c> (<see cref="Items"/>), fetched page by page as the caller reads on.</summary>
        /// <remarks>
        /// <para>Pages by cursor: the <c>marker</c> parameter of each next page takes <c>/next_marker</c> of the previous answer; every page sends <c>usemarker</c> as <c>true</c>, which turns this pagination on.</para>
        /// <para>Each page is one call through the credential pipeline, audited like <see cref="Items"/>; the next page is
        /// requested only when the caller moves past the last item of the current one.</para>
        /// </remarks>
        /// <param name="folderId">The <c>{folder_id}</c> path parameter.</param>
        /// <param name="request">The optional parameters; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the walk (as <c>WithCancellation</c> does).</param>
        /// <returns>The items (<c>/entries</c> of each answer), in the provider's order.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered a page with an error: its status, error code and body.</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">A page could not be fetched under this client's grant (none or several match, the token endpoint failed), a next page pointed at a host that is not the provider's, or the provider gave a next page it had already given.</exception>
        /// <exception cref="global::System.OperationCanceledException">The walk was cancelled, or a page timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Collections.Generic.IAsyncEnumerable<global::Alter.Typed.Demo.Item> ItemsAll(string folderId, global::Alter.Typed.Demo.FoldersItemsRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendPagedAsync<global::Alter.Typed.Demo.FoldersItemsRequest, global::Alter.Typed.Demo.FoldersItemsResponse, global::Alter.Typed.Demo.Item>(global::Alter.Typed.Demo.DemoOperationDescriptors.FoldersItems, new global::Alter.Typed.Generated.RequestArguments().Path("folder_id", folderId), request, static page => page.Entries, cancellationToken);
    }
