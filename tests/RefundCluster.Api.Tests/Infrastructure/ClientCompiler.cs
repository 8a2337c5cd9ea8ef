using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>Compiles generated client code in-process (Roslyn) against the runtime and the given libraries, and loads it.</summary>
public static class ClientCompiler
{
    private static readonly CSharpParseOptions Parse = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithPreprocessorSymbols("NET", "NET10_0_OR_GREATER", "NET8_0_OR_GREATER", "NET5_0_OR_GREATER", "NETCOREAPP", "NETCOREAPP3_1_OR_GREATER", "NETSTANDARD2_1_OR_GREATER");

    /// <summary>The loaded assembly; fails the test with the compiler's errors when the code does not build.</summary>
    public static Assembly Compile(string name, IEnumerable<string> sources, params Assembly[] libraries)
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = platform.Concat(libraries.Select(l => l.Location)).Distinct(StringComparer.Ordinal)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            name,
            sources.Select(s => CSharpSyntaxTree.ParseText(s, Parse)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(d => d.ToString()).ToList();
        Assert.True(result.Success, $"The {name} client does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        image.Position = 0;
        return new AssemblyLoadContext(name, isCollectible: true).LoadFromStream(image);
    }
}
