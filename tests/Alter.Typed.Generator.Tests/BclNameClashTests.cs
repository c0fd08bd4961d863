using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>
/// Providers name their objects <c>File</c>, <c>Task</c>, <c>Thread</c>, <c>Timer</c>, ...: names the SDK's implicit usings
/// (<c>System</c>, <c>System.IO</c>, <c>System.Threading</c>, <c>System.Threading.Tasks</c>, ...) also bring in. Generated
/// code spells every type with <c>global::</c>, so such models compile next to those usings, and a consumer can use both.
/// </summary>
public sealed class BclNameClashTests
{
    private static readonly string[] Clashing = ["File", "Task", "Thread", "Timer", "Path", "Directory", "Monitor", "Random", "Action", "Environment"];

    /// <summary>What <c>ImplicitUsings=enable</c> gives a console or library project.</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private const string Consumer = """
        using Demo = Alter.Typed.Demo;

        namespace Consumer;

        /// <summary>A consumer of both the provider's models and the BCL types of the same names.</summary>
        public static class UsesBoth
        {
            /// <summary>Calls the provider and the BCL.</summary>
            public static async Task<int> Run(Alter.Typed.AlterApp app, CancellationToken cancellationToken)
            {
                var client = new Demo.DemoClient(app);
                IReadOnlyList<Demo.Task> tasks = await client.Tasks.List(cancellationToken);
                Demo.File created = await client.Files.Create(new Demo.FilesCreateRequest { Name = "notes.txt", Task = tasks[0] }, cancellationToken);
                await Task.Delay(1, cancellationToken);
                using var timer = new Timer(_ => { }, null, Timeout.Infinite, Timeout.Infinite);
                return tasks.Count + created.Name!.Length + (File.Exists(Path.Combine("a", "b")) ? 1 : 0) + new Random(1).Next(2);
            }
        }
        """;

    private const string ConsumerImportingTheProvider = """
        namespace Consumer.Imports
        {
            // A using inside the namespace wins over the global ones: File here is the provider's.
            using Alter.Typed.Demo;

            /// <summary>Uses the models by their short names.</summary>
            public static class UsesTheModels
            {
                /// <summary>The file's name.</summary>
                public static string? NameOf(File file) => file.Name;

                /// <summary>The task's thread.</summary>
                public static Thread? ThreadOf(Task task) => task.Thread;
            }
        }
        """;

    [Fact]
    public void Models_named_like_BCL_types_compile_under_implicit_usings_and_next_to_the_BCL_types()
    {
        var schemas = string.Join(",\n", Clashing.Select(name => $$"""
            "{{name}}": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } }
            """));
        schemas = schemas.Replace(
            "\"Task\": { \"type\": \"object\", \"required\": [\"name\"], \"properties\": { \"name\": { \"type\": \"string\" } } }",
            "\"Task\": { \"type\": \"object\", \"required\": [\"name\"], \"properties\": { \"name\": { \"type\": \"string\" }, \"thread\": { \"$ref\": \"#/schemas/Thread\" }, \"timer\": { \"$ref\": \"#/schemas/Timer\" } } }",
            StringComparison.Ordinal);
        schemas = schemas.Replace(
            "\"File\": { \"type\": \"object\", \"required\": [\"name\"], \"properties\": { \"name\": { \"type\": \"string\" } } }",
            "\"File\": { \"type\": \"object\", \"required\": [\"name\"], \"properties\": { \"name\": { \"type\": \"string\" }, \"task\": { \"$ref\": \"#/schemas/Task\" }, \"path\": { \"$ref\": \"#/schemas/Path\" }, \"directory\": { \"$ref\": \"#/schemas/Directory\" }, \"monitor\": { \"$ref\": \"#/schemas/Monitor\" }, \"random\": { \"$ref\": \"#/schemas/Random\" }, \"action\": { \"$ref\": \"#/schemas/Action\" }, \"environment\": { \"$ref\": \"#/schemas/Environment\" } } }",
            StringComparison.Ordinal);
        string description = DescriptionSamples.Valid(
            operations: """
                [{ "id": "tasks/list", "method": "GET", "path": "tasks", "response": { "schema": { "type": "array", "items": { "$ref": "#/schemas/Task" } } } },
                 { "id": "files/create", "method": "POST", "path": "files",
                   "requestBody": { "required": true, "schema": { "$ref": "#/schemas/File" } },
                   "response": { "schema": { "$ref": "#/schemas/File" } } }]
                """,
            schemas: "{" + schemas + "}");

        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(description)], ImplicitUsings, Consumer, ConsumerImportingTheProvider);
        string source = run.Source("Demo.g.cs");

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Equal(string.Empty, string.Join("\n", run.CompilationDiagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).Select(GeneratorHarness.Describe)));
        foreach (string name in Clashing)
        {
            Assert.Contains("public sealed partial class " + name + "\n", source, StringComparison.Ordinal);
        }

        // The generated methods return the BCL's Task of the provider's Task, spelled so neither can be mistaken.
        Assert.Contains("public global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<global::Alter.Typed.Demo.Task>> List(", source, StringComparison.Ordinal);
    }
}
