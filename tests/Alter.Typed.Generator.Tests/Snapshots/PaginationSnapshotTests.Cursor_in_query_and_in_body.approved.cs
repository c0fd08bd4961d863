internal static readonly global::Alter.Typed.Generated.OperationDescriptor ItemsList = new("demo", "items.list", global::System.Net.Http.HttpMethod.Get, "items", global::Alter.Typed.Generated.BodyKind.None) { Summary = "Lists items (Slack-like cursor).", Pagination = global::Alter.Typed.Generated.Pagination.Cursor("cursor", false, "/response_metadata/next_cursor", null, null), Tool = global::Alter.Typed.Generated.OperationTool.For<global::Alter.Typed.Demo.ItemsListRequest, global::Alter.Typed.Demo.ItemsListResponse>(), ToolQuery = new string[] { "cursor:string", "limit:integer" } };
internal static readonly global::Alter.Typed.Generated.OperationDescriptor ItemsSearch = new("demo", "items.search", global::System.Net.Http.HttpMethod.Post, "search", global::Alter.Typed.Generated.BodyKind.Json) { Summary = "Searches items (Notion-like body cursor).", Pagination = global::Alter.Typed.Generated.Pagination.Cursor("start_cursor", true, "/next_cursor", "/has_more", null), Tool = global::Alter.Typed.Generated.OperationTool.For<global::Alter.Typed.Demo.ItemsSearchRequest, global::Alter.Typed.Demo.ItemsSearchResponse>() };

    /// <summary>The <c>items</c> operations of Demo.</summary>
    [global::System.CodeDom.Compiler.GeneratedCode("Alter.Typed.Generator", "0.1.0")]
    public sealed partial class DemoItemsOperations
    {
        private readonly global::Alter.Typed.Demo.DemoClient _client;

        internal DemoItemsOperations(global::Alter.Typed.Demo.DemoClient client) => _client = client;

        /// <summary>Lists items (Slack-like cursor).</summary>
        /// <remarks><para>Operation <c>items.list</c>: <c>GET items</c>.</para></remarks>
        /// <param name="request">The optional parameters; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered with an error: its status, error code and body (and a missing scope, when it names one).</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">The call could not be made under this client's grant: none or several match, its host is not allowed, or the token endpoint failed.</exception>
        /// <exception cref="global::System.OperationCanceledException">The call was cancelled, or it timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Threading.Tasks.Task<global::Alter.Typed.Demo.ItemsListResponse> List(global::Alter.Typed.Demo.ItemsListRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendAsync<global::Alter.Typed.Demo.ItemsListRequest, global::Alter.Typed.Demo.ItemsListResponse>(global::Alter.Typed.Demo.DemoOperationDescriptors.ItemsList, null, request, cancellationToken);

        /// <summary>Every item of every page of <c>items.list</c> (<see cref="List"/>), fetched page by page as the caller reads on.</summary>
        /// <remarks>
        /// <para>Pages by cursor: the <c>cursor</c> parameter of each next page takes <c>/response_metadata/next_cursor</c> of the previous answer.</para>
        /// <para>Each page is one call through the credential pipeline, audited like <see cref="List"/>; the next page is
        /// requested only when the caller moves past the last item of the current one.</para>
        /// </remarks>
        /// <param name="request">The optional parameters; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the walk (as <c>WithCancellation</c> does).</param>
        /// <returns>The items (<c>/channels</c> of each answer), in the provider's order.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered a page with an error: its status, error code and body.</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">A page could not be fetched under this client's grant (none or several match, the token endpoint failed), a next page pointed at a host that is not the provider's, or the provider gave a next page it had already given.</exception>
        /// <exception cref="global::System.OperationCanceledException">The walk was cancelled, or a page timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Collections.Generic.IAsyncEnumerable<global::Alter.Typed.Demo.Item> ListAll(global::Alter.Typed.Demo.ItemsListRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendPagedAsync<global::Alter.Typed.Demo.ItemsListRequest, global::Alter.Typed.Demo.ItemsListResponse, global::Alter.Typed.Demo.Item>(global::Alter.Typed.Demo.DemoOperationDescriptors.ItemsList, null, request, static page => page.Channels, cancellationToken);

        /// <summary>Searches items (Notion-like body cursor).</summary>
        /// <remarks><para>Operation <c>items.search</c>: <c>POST search</c>.</para></remarks>
        /// <param name="request">The request body; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered with an error: its status, error code and body (and a missing scope, when it names one).</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">The call could not be made under this client's grant: none or several match, its host is not allowed, or the token endpoint failed.</exception>
        /// <exception cref="global::System.OperationCanceledException">The call was cancelled, or it timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Threading.Tasks.Task<global::Alter.Typed.Demo.ItemsSearchResponse> Search(global::Alter.Typed.Demo.ItemsSearchRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendAsync<global::Alter.Typed.Demo.ItemsSearchRequest, global::Alter.Typed.Demo.ItemsSearchResponse>(global::Alter.Typed.Demo.DemoOperationDescriptors.ItemsSearch, null, request, cancellationToken);

        /// <summary>Every item of every page of <c>items.search</c> (<see cref="Search"/>), fetched page by page as the caller reads on.</summary>
        /// <remarks>
        /// <para>Pages by cursor: the <c>start_cursor</c> body property of each next page takes <c>/next_cursor</c> of the previous answer, while <c>/has_more</c> is true.</para>
        /// <para>Each page is one call through the credential pipeline, audited like <see cref="Search"/>; the next page is
        /// requested only when the caller moves past the last item of the current one.</para>
        /// </remarks>
        /// <param name="request">The request body; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the walk (as <c>WithCancellation</c> does).</param>
        /// <returns>The items (<c>/results</c> of each answer), in the provider's order.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered a page with an error: its status, error code and body.</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">A page could not be fetched under this client's grant (none or several match, the token endpoint failed), a next page pointed at a host that is not the provider's, or the provider gave a next page it had already given.</exception>
        /// <exception cref="global::System.OperationCanceledException">The walk was cancelled, or a page timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Collections.Generic.IAsyncEnumerable<global::System.Text.Json.JsonElement> SearchAll(global::Alter.Typed.Demo.ItemsSearchRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendPagedAsync<global::Alter.Typed.Demo.ItemsSearchRequest, global::Alter.Typed.Demo.ItemsSearchResponse, global::System.Text.Json.JsonElement>(global::Alter.Typed.Demo.DemoOperationDescriptors.ItemsSearch, null, request, static page => page.Results, cancellationToken);
    }
