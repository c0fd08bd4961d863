using System;
using Alter.Typed.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator.Diagnostics
{
    /// <summary>
    /// An equatable, location-less-until-reported diagnostic: the pipeline may cache it, and it becomes a
    /// <see cref="Diagnostic"/> with a <see cref="Location"/> in the description file only when reported.
    /// </summary>
    internal sealed record DiagnosticInfo(
        DiagnosticDescriptor Descriptor,
        string FilePath,
        TextSpan Span,
        LinePositionSpan LineSpan,
        EquatableArray<string> MessageArgs)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, string filePath, TextSpan span, LinePositionSpan lineSpan, params string[] messageArgs)
            => new DiagnosticInfo(descriptor, filePath, span, lineSpan, new EquatableArray<string>(messageArgs));

        public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;

        public Diagnostic ToDiagnostic()
        {
            Location location = FilePath.Length == 0
                ? Location.None
                : Location.Create(FilePath, Span, LineSpan);
            object?[] args = new object?[MessageArgs.Count];
            for (int i = 0; i < args.Length; i++)
            {
                args[i] = MessageArgs[i];
            }

            return Diagnostic.Create(Descriptor, location, args);
        }

        public bool Equals(DiagnosticInfo? other)
            => other is not null
                && Descriptor.Id == other.Descriptor.Id
                && string.Equals(FilePath, other.FilePath, StringComparison.Ordinal)
                && Span == other.Span
                && LineSpan == other.LineSpan
                && MessageArgs == other.MessageArgs;

        public override int GetHashCode()
            => unchecked((((Descriptor.Id.GetHashCode() * 31) + FilePath.GetHashCode()) * 31 + Span.GetHashCode()) * 31 + MessageArgs.GetHashCode());
    }
}
