namespace Alter.Sandbox;

/// <summary>A message posted through Slack's <c>chat.postMessage</c>.</summary>
/// <param name="Channel">The channel id, e.g. <c>C0GENERAL</c>.</param>
/// <param name="Text">The message text (empty when only blocks or attachments were sent).</param>
/// <param name="Ts">The message timestamp Slack-style, e.g. <c>1732767600.000100</c>.</param>
public sealed record SandboxMessage(string Channel, string Text, string Ts);
