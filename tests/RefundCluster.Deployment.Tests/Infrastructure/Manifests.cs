using YamlDotNet.RepresentationModel;

namespace RefundCluster.Deployment.Tests.Infrastructure;

/// <summary>One Kubernetes object: one YAML document of one file in deploy/kubernetes.</summary>
public sealed record Manifest(string File, int Document, Node Root)
{
    public string ApiVersion => Root["apiVersion"].Str;

    public string Kind => Root["kind"].Str;

    public string Name => Root["metadata"]["name"].Str;

    public string? Namespace => Root["metadata"].Get("namespace")?.Str;

    public Node Spec => Root["spec"];

    public override string ToString() => $"{Kind}/{Name} ({File})";
}

/// <summary>The manifests in deploy/kubernetes, parsed once.</summary>
public static class Manifests
{
    public const string KustomizationFile = "kustomization.yaml";

    private static readonly Lazy<IReadOnlyList<Manifest>> Loaded = new(() =>
        [.. ObjectFiles.SelectMany(Load)]);

    /// <summary>Every .yaml/.yml file in the folder, by name.</summary>
    public static IReadOnlyList<string> YamlFiles =>
    [
        .. Directory.EnumerateFiles(Repo.KubernetesDir)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => System.IO.Path.GetFileName(f))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The files holding Kubernetes objects: all YAML files but the kustomization.</summary>
    public static IReadOnlyList<string> ObjectFiles => [.. YamlFiles.Where(f => f != KustomizationFile)];

    public static IReadOnlyList<Manifest> All => Loaded.Value;

    public static Node Kustomization => Parse(KustomizationFile).Single();

    public static IEnumerable<Manifest> OfKind(string kind) => All.Where(m => m.Kind == kind);

    /// <summary>The one object of this kind; fails if there is none or more than one.</summary>
    public static Manifest Single(string kind)
    {
        var found = OfKind(kind).ToList();
        return found.Count == 1
            ? found[0]
            : throw new ManifestException($"Expected exactly one {kind} in deploy/kubernetes, found {found.Count}.");
    }

    public static Manifest? Find(string kind, string name) => OfKind(kind).SingleOrDefault(m => m.Name == name);

    public static Manifest Get(string kind, string name) =>
        Find(kind, name) ?? throw new ManifestException($"No {kind} named '{name}' in deploy/kubernetes.");

    /// <summary>Parses one file into its documents' root nodes (YAML syntax errors throw).</summary>
    public static IReadOnlyList<Node> Parse(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(System.IO.Path.Combine(Repo.KubernetesDir, file))))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select((doc, i) => new Node(doc.RootNode, $"{file}#{i}"))];
    }

    private static IEnumerable<Manifest> Load(string file) =>
        Parse(file).Select((root, i) => new Manifest(file, i, root));
}
