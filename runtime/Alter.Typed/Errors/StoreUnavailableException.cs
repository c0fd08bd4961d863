namespace Alter.Typed;

/// <summary>
/// The store (the SQLite file, or the shared PostgreSQL server) could not be read or written while a call resolved its
/// grant or token: the call was not sent to the provider's API. Transient when the server restarts or fails over:
/// retrying once it is back is safe. The message names the store (never its password) and the database's error.
/// </summary>
public sealed class StoreUnavailableException : AlterException
{
    /// <summary>Creates the error for <paramref name="store"/> (a description without secrets) and its cause.</summary>
    public StoreUnavailableException(string store, Exception innerException)
        : base($"{char.ToUpperInvariant(store[0])}{store[1..]} could not be read or written ({innerException?.Message}); the call was not sent to the provider's API. Retry when the store is reachable again.", innerException)
    {
        Store = store;
    }

    /// <summary>Creates the error with a message of its own (opening the store, not a call).</summary>
    public StoreUnavailableException(string store, string message, Exception? innerException)
        : base(message, innerException)
    {
        Store = store;
    }

    /// <summary>Which store failed, as a description without secrets ("the PostgreSQL store alter on db:5432").</summary>
    public string Store { get; }
}
