using System.Text.Json.Serialization;

namespace Alter.Typed.Vault;

/// <summary>
/// Source-generated JSON metadata for what the runtime itself stores and sends (connection values, provider setting
/// overrides, a revocation body): no reflection, so the runtime stays trimmable and Native AOT compatible. Property names
/// are the CLR names, as the reflection serializer wrote them, so stores written before read the same.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ProviderSettingsStore.Overrides))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class VaultJsonContext : JsonSerializerContext;
