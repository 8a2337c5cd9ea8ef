using System.Text.RegularExpressions;

namespace RefundCluster.Deployment.Tests;

/// <summary>The folder as a whole: every file parses, the kustomization lists them all, names and values are valid.</summary>
public sealed partial class ManifestFileTests
{
    private static readonly HashSet<string> ClusterScopedKinds =
        ["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "PriorityClass", "CustomResourceDefinition"];

    public static TheoryData<string> YamlFiles => [.. Manifests.YamlFiles];

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Every_file_parses_into_objects_with_apiVersion_kind_and_name(string file)
    {
        var documents = Manifests.Parse(file);
        Assert.NotEmpty(documents);
        if (file == Manifests.KustomizationFile)
        {
            Assert.Equal("Kustomization", documents.Single()["kind"].Str);
            return;
        }

        foreach (var root in documents)
        {
            var manifest = new Manifest(file, 0, root);
            Assert.Matches(ApiVersionPattern(), manifest.ApiVersion);
            Assert.Matches(KindPattern(), manifest.Kind);
            Assert.True(DnsSubdomain().IsMatch(manifest.Name), $"{root.Path}: '{manifest.Name}' is not a valid object name.");
        }
    }

    [Fact]
    public void The_folder_holds_the_objects_a_cluster_needs()
    {
        var kinds = Manifests.All.Select(m => m.Kind).ToHashSet();
        string[] expected =
            ["Namespace", "ServiceAccount", "Role", "RoleBinding", "Secret", "ConfigMap", "Job", "Deployment", "Service", "PodDisruptionBudget"];
        Assert.All(expected, kind => Assert.Contains(kind, kinds));
    }

    [Fact]
    public void Kustomization_lists_every_manifest_file_in_the_folder_and_nothing_else()
    {
        var listed = Manifests.Kustomization["resources"].Items.Select(r => r.Str).ToList();
        Assert.Equal(listed.Distinct().Count(), listed.Count);
        Assert.Equal(Manifests.ObjectFiles.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_namespaced_object_is_in_the_namespace_the_folder_declares()
    {
        var ns = Manifests.Single("Namespace").Name;
        Assert.Equal(ns, Manifests.Kustomization["namespace"].Str);
        foreach (var manifest in Manifests.All.Where(m => !ClusterScopedKinds.Contains(m.Kind)))
        {
            Assert.True(manifest.Namespace == ns, $"{manifest} is in namespace '{manifest.Namespace}', not '{ns}'.");
        }
    }

    [Fact]
    public void Object_names_are_unique_per_kind()
    {
        var duplicates = Manifests.All.GroupBy(m => (m.Kind, m.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    /// <summary>The API server rejects an unquoted <c>true</c> or <c>5080</c> where it wants a string.</summary>
    [Fact]
    public void Env_values_labels_annotations_and_data_are_strings()
    {
        var checkedCount = 0;
        foreach (var manifest in Manifests.All)
        {
            foreach (var node in StringValuedNodes(manifest.Root))
            {
                checkedCount++;
                Assert.True(node.Kind == ScalarKind.String, $"{node.Path} = '{node.Str}' reads as {node.Kind}: quote it.");
            }
        }

        Assert.True(checkedCount > 20, $"Only {checkedCount} values checked: the walk missed the manifests' env and labels.");
    }

    [Fact]
    public void Labels_are_valid_kubernetes_labels()
    {
        foreach (var labels in Manifests.All.SelectMany(m => Walk(m.Root)).Where(n => n.Path.EndsWith(".labels", StringComparison.Ordinal)))
        {
            foreach (var (key, value) in labels.StringMap)
            {
                Assert.True(LabelKey().IsMatch(key) && key.Split('/')[^1].Length <= 63, $"{labels.Path}: bad label key '{key}'.");
                Assert.True(value.Length <= 63 && LabelValue().IsMatch(value), $"{labels.Path}.{key}: bad label value '{value}'.");
            }
        }
    }

    private static IEnumerable<Node> StringValuedNodes(Node root)
    {
        foreach (var node in Walk(root))
        {
            var last = node.Path[(node.Path.LastIndexOf('.') + 1)..];
            if (last is "labels" or "annotations" or "data" or "stringData" or "matchLabels" or "selector" && node.Yaml is YamlDotNet.RepresentationModel.YamlMappingNode)
            {
                foreach (var (_, value) in node.Entries.Where(e => e.Value.IsScalar))
                {
                    yield return value;
                }
            }

            if (last.StartsWith("env[", StringComparison.Ordinal) && node.Get("value") is { } envValue)
            {
                yield return envValue;
            }
        }
    }

    private static IEnumerable<Node> Walk(Node node)
    {
        yield return node;
        IEnumerable<Node> children = node.Yaml switch
        {
            YamlDotNet.RepresentationModel.YamlMappingNode => node.Entries.Select(e => e.Value),
            YamlDotNet.RepresentationModel.YamlSequenceNode => node.Items,
            _ => [],
        };
        foreach (var descendant in children.SelectMany(Walk))
        {
            yield return descendant;
        }
    }

    [GeneratedRegex(@"^([a-z0-9.-]+/)?v[0-9]+((alpha|beta)[0-9]+)?$")]
    private static partial Regex ApiVersionPattern();

    [GeneratedRegex("^[A-Z][A-Za-z]+$")]
    private static partial Regex KindPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValue();
}
