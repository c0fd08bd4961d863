internal static readonly global::Alter.Typed.Generated.OperationDescriptor PlaylistsList = new("demo", "playlists.list", global::System.Net.Http.HttpMethod.Get, "me/playlists", global::Alter.Typed.Generated.BodyKind.None) { Summary = "Lists playlists (Spotify-like offset).", Pagination = global::Alter.Typed.Generated.Pagination.Offset("offset", "limit", "/total"), Tool = global::Alter.Typed.Generated.OperationTool.For<global::Alter.Typed.Demo.PlaylistsListRequest, global::Alter.Typed.Demo.PlaylistsListResponse>(), ToolQuery = new string[] { "limit:integer", "offset:integer" } };

    /// <summary>The <c>playlists</c> operations of Demo.</summary>
    [global::System.CodeDom.Compiler.GeneratedCode("Alter.Typed.Generator", "0.1.0")]
    public sealed partial class DemoPlaylistsOperations
    {
        private readonly global::Alter.Typed.Demo.DemoClient _client;

        internal DemoPlaylistsOperations(global::Alter.Typed.Demo.DemoClient client) => _client = client;

        /// <summary>Lists playlists (Spotify-like offset).</summary>
        /// <remarks><para>Operation <c>playlists.list</c>: <c>GET me/playlists</c>.</para></remarks>
        /// <param name="request">The optional parameters; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered with an error: its status, error code and body (and a missing scope, when it names one).</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">The call could not be made under this client's grant: none or several match, its host is not allowed, or the token endpoint failed.</exception>
        /// <exception cref="global::System.OperationCanceledException">The call was cancelled, or it timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Threading.Tasks.Task<global::Alter.Typed.Demo.PlaylistsListResponse> List(global::Alter.Typed.Demo.PlaylistsListRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendAsync<global::Alter.Typed.Demo.PlaylistsListRequest, global::Alter.Typed.Demo.PlaylistsListResponse>(global::Alter.Typed.Demo.DemoOperationDescriptors.PlaylistsList, null, request, cancellationToken);

        /// <summary>Every item of every page of <c>playlists.list</c> (<see cref="List"/>), fetched page by page as the caller reads on.</summary>
        /// <remarks>
        /// <para>Pages by offset: the <c>offset</c> parameter advances by the items each page held (<c>limit</c> is the page size), up to <c>/total</c> of the answer.</para>
        /// <para>Each page is one call through the credential pipeline, audited like <see cref="List"/>; the next page is
        /// requested only when the caller moves past the last item of the current one.</para>
        /// </remarks>
        /// <param name="request">The optional parameters; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the walk (as <c>WithCancellation</c> does).</param>
        /// <returns>The items (<c>/items</c> of each answer), in the provider's order.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered a page with an error: its status, error code and body.</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">A page could not be fetched under this client's grant (none or several match, the token endpoint failed), a next page pointed at a host that is not the provider's, or the provider gave a next page it had already given.</exception>
        /// <exception cref="global::System.OperationCanceledException">The walk was cancelled, or a page timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Collections.Generic.IAsyncEnumerable<global::Alter.Typed.Demo.Item> ListAll(global::Alter.Typed.Demo.PlaylistsListRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendPagedAsync<global::Alter.Typed.Demo.PlaylistsListRequest, global::Alter.Typed.Demo.PlaylistsListResponse, global::Alter.Typed.Demo.Item>(global::Alter.Typed.Demo.DemoOperationDescriptors.PlaylistsList, null, request, static page => page.Items, cancellationToken);
    }
