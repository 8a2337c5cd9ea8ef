using System.Reflection;
using System.Text.RegularExpressions;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Silo.Api;
using RefundCluster.Silo.Security;

namespace RefundCluster.Api.Tests;

/// <summary>
/// One catalogue feeds the code and the documents: every refusal the HTTP layer makes carries a catalogued code of the
/// same kind, no code is defined anywhere else, none is left unused, and docs/errors.md is the catalogue's rendering.
/// </summary>
public sealed partial class ErrorCatalogueTests
{
    [Fact]
    public void Every_http_refusal_is_catalogued_with_its_kind()
    {
        var errors = new[] { typeof(ApiErrors), typeof(AuthErrors), typeof(EventParser) }.SelectMany(Refusals).ToList();

        Assert.True(errors.Count > 20, $"only {errors.Count} refusals found");
        Assert.All(errors, e => Assert.Equal(e.Kind, ErrorCatalogue.Find(e.Code)?.Kind));
    }

    [Fact]
    public void No_code_is_defined_outside_the_catalogue()
    {
        var catalogue = Path.Combine("RefundCluster.Domain", "Common", "ErrorCatalogue.cs");
        var offenders = SourceTree.SourceFiles()
            .Where(f => !f.EndsWith(catalogue, StringComparison.Ordinal))
            .SelectMany(f => CodeDefinition().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_code_is_spelt_out_anywhere_but_the_catalogue()
    {
        // Change types (Domain/Changes) are another vocabulary that happens to share a name or two with the codes.
        var codes = ErrorCatalogue.All.Select(c => $"\"{c.Code}\"").ToList();
        var spelt = SourceTree.SourceFiles()
            .Where(f => !f.EndsWith("ErrorCatalogue.cs", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Changes{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => codes.Where(File.ReadAllText(f).Contains).Select(c => $"{Path.GetFileName(f)}: {c}"))
            .ToList();

        Assert.Empty(spelt);
    }

    [Fact]
    public void Every_catalogued_code_is_used()
    {
        var source = string.Join('\n', SourceTree.SourceFiles()
            .Where(f => !f.EndsWith("ErrorCatalogue.cs", StringComparison.Ordinal)).Select(File.ReadAllText));
        var unused = typeof(ErrorCatalogue).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ErrorDefinition))
            .Where(f => !Regex.IsMatch(source, $@"\bErrorCatalogue\.{f.Name}\b"))
            .Select(f => f.Name)
            .ToList();

        Assert.Empty(unused);
    }

    [Fact]
    public void Docs_list_the_catalogue()
    {
        var path = SourceTree.PathOf(Path.Combine("docs", "errors.md"));
        var expected = ErrorCatalogueMarkdown.Render();
        if (Environment.GetEnvironmentVariable("REFUNDCLUSTER_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path).ReplaceLineEndings("\n") == expected,
            "docs/errors.md differs from the catalogue; run this test with REFUNDCLUSTER_WRITE_DOCS=1 to rewrite it.");
    }

    private static IEnumerable<EventError> Refusals(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(EventError))
            .Select(p => (EventError)p.GetValue(null)!)
            .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.ReturnType == typeof(EventError) && !m.IsSpecialName)
                .Select(m => (EventError)m.Invoke(null, [.. m.GetParameters().Select(Sample)])!));

    private static object? Sample(ParameterInfo p) =>
        p.ParameterType == typeof(int) ? 1
        : p.ParameterType == typeof(TimeSpan) ? TimeSpan.FromSeconds(1)
        : p.ParameterType == typeof(string) ? "x"
        : null;

    /// <summary>A code spelt out beside an error kind, or an error built by hand instead of from the catalogue.</summary>
    [GeneratedRegex(@"""[a-z]+\.[a-z_]+""\s*,\s*(?:[\w.]*\.)?ErrorKind\.|new\s+(?:EventError|DomainError)\s*\(")]
    private static partial Regex CodeDefinition();
}
