using System.Reflection;
using System.Text.RegularExpressions;

namespace RefundCluster.Domain.Tests.Errors;

/// <summary>The catalogue defines each code once, well formed and explained; every domain refusal is one of its codes.</summary>
public sealed partial class ErrorCatalogueTests
{
    [Fact]
    public void Codes_are_unique_well_formed_and_explained()
    {
        var codes = ErrorCatalogue.All.Select(c => c.Code).ToList();

        Assert.NotEmpty(codes);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ErrorCatalogue.All, c =>
        {
            Assert.Matches(CodePattern(), c.Code);
            Assert.False(string.IsNullOrWhiteSpace(c.Meaning), c.Code);
            Assert.Same(c, ErrorCatalogue.Find(c.Code));
        });
        Assert.Equal(
            typeof(ErrorCatalogue).GetFields(BindingFlags.Public | BindingFlags.Static).Count(f => f.FieldType == typeof(ErrorDefinition)),
            ErrorCatalogue.All.Length);
    }

    [Fact]
    public void Every_domain_refusal_is_catalogued_with_its_kind()
    {
        var type = typeof(Common.Errors);
        var errors = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DomainError)).Select(f => (DomainError)f.GetValue(null)!)
            .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(DomainError))
                .Select(m => (DomainError)m.Invoke(null, [.. m.GetParameters().Select(Sample)])!))
            .ToList();

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(e.Kind, ErrorCatalogue.Find(e.Code)?.Kind));
    }

    private static object Sample(ParameterInfo p) =>
        p.ParameterType == typeof(decimal) ? 1m : p.ParameterType == typeof(int) ? 1 : "x";

    [GeneratedRegex(@"^[a-z]+\.[a-z_]+\z")]
    private static partial Regex CodePattern();
}
