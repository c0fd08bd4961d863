namespace Alter.Typed;

/// <summary>Why a web Connect was refused. Nothing was stored in any of these cases.</summary>
public enum WebConnectRefusal
{
    /// <summary>The callback's <c>state</c> is missing or was never issued by this app (a forged redirect: CSRF).</summary>
    UnknownState,

    /// <summary>The state was already used: each is good for one callback.</summary>
    ReplayedState,

    /// <summary>The flow took longer than the state's lifetime; start again.</summary>
    Expired,

    /// <summary>The flow was started for another principal than the one completing it (a link handed to someone else).</summary>
    OtherPrincipal,

    /// <summary>The return URL is not on one of the allowed origins (an open redirect).</summary>
    ReturnUrlNotAllowed,

    /// <summary>The provider needs PKCE and the pending state holds no usable verifier (altered or lost): the code is not sent.</summary>
    MissingPkceVerifier,

    /// <summary>Nobody is signed in, and the flow was not bound to this browser either.</summary>
    NoPrincipal,

    /// <summary>The flow was started in another browser than the one completing it.</summary>
    OtherBrowser,

    /// <summary>The connect session is unknown, expired, or does not allow this provider or return URL.</summary>
    SessionNotValid,

    /// <summary>The provider answered with an error (the person declined, for example) or without a code.</summary>
    ProviderRefused,
}

/// <summary>A web Connect was refused (see <see cref="Reason"/>); nothing was stored. The message never holds a code, state or token.</summary>
public sealed class WebConnectException(string message, WebConnectRefusal reason) : AlterException(message)
{
    /// <summary>Why it was refused.</summary>
    public WebConnectRefusal Reason { get; } = reason;
}
