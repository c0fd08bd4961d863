namespace Alter.Typed.AspNetCore;

/// <summary>
/// Nobody is signed in where a signed-in user is needed: a Connect started without one, or a typed call made during a
/// request whose user is anonymous (it never falls back to the app's own grants). The Connect endpoints answer 401.
/// </summary>
public sealed class NoSignedInUserException(string message) : AlterException(message);
