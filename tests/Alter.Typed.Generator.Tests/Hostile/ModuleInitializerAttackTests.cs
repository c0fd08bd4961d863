using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace Alter.Typed.Generator.Tests.Hostile;

/// <summary>
/// The attack of issue 10: a schema property's <c>default</c> holding U+2028 (a C# line terminator) and then a
/// <c>[ModuleInitializer]</c> method. Before the fix the consumer built with 0 errors and ran the method when it loaded.
/// Now the consumer builds, and its compiled assembly declares exactly the members of the same description without
/// the payload.
/// </summary>
public sealed class ModuleInitializerAttackTests
{
    private static string Description(string defaultValue) => DescriptionSamples.Valid(
        operations: """
            [{ "id": "things.create", "method": "POST", "path": "things",
               "requestBody": { "schema": { "type": "object", "properties": { "color": { "type": "string", "default": DEFAULT } } } },
               "response": { "schema": { "$ref": "#/schemas/Thing" } } }]
            """.Replace("DEFAULT", System.Text.Json.JsonSerializer.Serialize(defaultValue), StringComparison.Ordinal),
        schemas: """
            { "Thing": { "type": "object", "properties": { "shade": { "type": "string", "default": DEFAULT, "enum": [DEFAULT], "format": DEFAULT } } } }
            """.Replace("DEFAULT", System.Text.Json.JsonSerializer.Serialize(defaultValue), StringComparison.Ordinal));

    private const string Consumer = """
        namespace Consumer;

        internal static class Program
        {
            internal static async System.Threading.Tasks.Task Run()
            {
                var app = new Alter.Typed.App("k");
                var thing = await app.Demo.Things.Create(new() { Color = "red" });
                System.Console.WriteLine(thing.Shade);
            }
        }
        """;

    /// <summary>Every method of every type of the compiled consumer, and every attribute type used in it.</summary>
    private static (SortedSet<string> Methods, SortedSet<string> Attributes) Compile(string description)
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(description)], Consumer);
        Assert.Null(run.Result.Results[0].Exception);
        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(GeneratorHarness.Describe));

        using var stream = new MemoryStream();
        EmitResult emitted = run.Output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Select(GeneratorHarness.Describe)));
        Assert.Empty(emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe));

        stream.Position = 0;
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(typeHandle);
            string typeName = reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
            foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
            {
                methods.Add(typeName + "::" + reader.GetString(reader.GetMethodDefinition(methodHandle).Name));
            }
        }

        var attributes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (CustomAttributeHandle handle in reader.CustomAttributes)
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == HandleKind.MemberReference)
            {
                MemberReference constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                if (constructor.Parent.Kind == HandleKind.TypeReference)
                {
                    TypeReference type = reader.GetTypeReference((TypeReferenceHandle)constructor.Parent);
                    attributes.Add(reader.GetString(type.Namespace) + "." + reader.GetString(type.Name));
                }
            }
        }

        return (methods, attributes);
    }

    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\u0085')]
    [InlineData('\r')]
    [InlineData('\n')]
    public void The_consumer_assembly_declares_only_what_the_description_declares(char terminator)
    {
        (SortedSet<string> methods, SortedSet<string> attributes) = Compile(Description("red" + terminator + HostilePayloads.Member));
        (SortedSet<string> declaredMethods, SortedSet<string> declaredAttributes) = Compile(Description("red"));

        Assert.Equal(declaredMethods, methods);
        Assert.Equal(declaredAttributes, attributes);
        Assert.DoesNotContain(methods, m => m.EndsWith("::Pwn", StringComparison.Ordinal));
        Assert.DoesNotContain("System.Runtime.CompilerServices.ModuleInitializerAttribute", attributes);
    }

    [Fact]
    public void The_payload_stays_inside_its_doc_comment_line()
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(Description("red\u2028" + HostilePayloads.Member))]);
        string source = run.Source("Demo.g.cs");

        Assert.DoesNotContain('\u2028', source);
        string[] lines = [.. source.Split('\n').Where(l => l.Contains("Pwn()", StringComparison.Ordinal))];
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("/// ", line.TrimStart(), StringComparison.Ordinal));
    }
}
