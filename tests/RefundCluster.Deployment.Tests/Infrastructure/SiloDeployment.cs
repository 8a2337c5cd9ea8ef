using System.Text;
using System.Text.RegularExpressions;

namespace RefundCluster.Deployment.Tests.Infrastructure;

/// <summary>The silo Deployment and its one container, as the tests look at them.</summary>
public sealed partial class SiloDeployment
{
    public const string Image = "refundcluster/silo:latest";

    private SiloDeployment(Manifest manifest)
    {
        Manifest = manifest;
        PodTemplate = manifest.Spec["template"];
        PodSpec = PodTemplate["spec"];
        var containers = PodSpec["containers"].Items;
        Container = containers.SingleOrDefault(c => c["image"].Str == Image)
            ?? throw new ManifestException($"{PodSpec.Path}.containers: no single container runs {Image}.");
    }

    /// <summary>The Deployment whose pods run the silo image.</summary>
    public static SiloDeployment Load() => new(
        Manifests.OfKind("Deployment").SingleOrDefault(d => d.Spec["template"]["spec"]["containers"].Items.Any(c => c["image"].Str == Image))
        ?? throw new ManifestException($"No single Deployment runs {Image}."));

    public Manifest Manifest { get; }

    public Node PodTemplate { get; }

    public Node PodSpec { get; }

    public Node Container { get; }

    public string Namespace => Manifest.Namespace ?? throw new ManifestException($"{Manifest} has no namespace.");

    public IReadOnlyDictionary<string, string> PodLabels => PodTemplate["metadata"]["labels"].StringMap;

    public IReadOnlyList<Node> Env => Container.ItemsOf("env");

    public Node? EnvEntry(string name) => Env.SingleOrDefault(e => e["name"].Str == name);

    /// <summary>Container port by name (<c>http</c>, <c>silo</c>, <c>gateway</c>).</summary>
    public IReadOnlyDictionary<string, int> NamedPorts =>
        Container.ItemsOf("ports").Where(p => p.Has("name")).ToDictionary(p => p["name"].Str, p => p["containerPort"].Int);

    public IReadOnlyList<int> ContainerPorts => [.. Container.ItemsOf("ports").Select(p => p["containerPort"].Int)];

    /// <summary>The container port a probe or Service names, by name or by number; null if it is not declared.</summary>
    public int? ResolvePort(Node port)
    {
        if (port.Kind == ScalarKind.Int)
        {
            return ContainerPorts.Contains(port.Int) ? port.Int : null;
        }

        return NamedPorts.TryGetValue(port.Str, out var number) ? number : null;
    }

    /// <summary>Seconds the preStop hook sleeps: <c>exec: [sleep, N]</c> or the <c>sleep</c> action; 0 without one.</summary>
    public int PreStopSleepSeconds
    {
        get
        {
            var preStop = Container.Get("lifecycle")?.Get("preStop");
            if (preStop is null)
            {
                return 0;
            }

            if (preStop.Get("sleep") is { } sleep)
            {
                return sleep["seconds"].Int;
            }

            var command = preStop["exec"]["command"].Items.Select(c => c.Str).ToList();
            var joined = string.Join(' ', command);
            var match = SleepCommand().Match(joined);
            return match.Success
                ? int.Parse(match.Groups["seconds"].Value, System.Globalization.CultureInfo.InvariantCulture)
                : throw new ManifestException($"{preStop.Path}: cannot tell how long '{joined}' waits.");
        }
    }

    /// <summary>
    /// The container's environment as the kubelet builds it for a pod with this name and IP: downward-API fields,
    /// Secret and ConfigMap keys from the manifests, and <c>$(VAR)</c> references to earlier variables expanded.
    /// </summary>
    /// <param name="strict">False: a variable that cannot be resolved (missing Secret key, ...) becomes empty, for
    /// tests that look at other variables; the tests of that reference itself still fail.</param>
    public IReadOnlyList<KeyValuePair<string, string>> ResolveEnv(string podName, string podIP, bool strict = true)
    {
        var resolved = new List<KeyValuePair<string, string>>();
        var known = new Dictionary<string, string>();
        foreach (var entry in Env)
        {
            var name = entry["name"].Str;
            string value;
            if (entry.Get("valueFrom") is { } from)
            {
                try
                {
                    value = ResolveValueFrom(from, podName, podIP);
                }
                catch (ManifestException) when (!strict)
                {
                    value = "";
                }
            }
            else
            {
                value = Expand(entry.Get("value")?.Str ?? "", known);
            }

            known[name] = value;
            resolved.Add(new(name, value));
        }

        return resolved;
    }

    /// <summary>Reads a <c>secretKeyRef</c>/<c>configMapKeyRef</c> from the manifests (stringData or base64 data).</summary>
    public static string ReadKeyRef(Node keyRef, string kind)
    {
        var name = keyRef["name"].Str;
        var key = keyRef["key"].Str;
        var source = Manifests.Find(kind, name)
            ?? throw new ManifestException($"{keyRef.Path}: no {kind} named '{name}' in deploy/kubernetes.");
        if (source.Root.Get("stringData")?.Get(key) is { } plain)
        {
            return plain.Str;
        }

        if (source.Root.Get("data")?.Get(key) is { } data)
        {
            return kind == "Secret" ? Encoding.UTF8.GetString(Convert.FromBase64String(data.Str)) : data.Str;
        }

        throw new ManifestException($"{keyRef.Path}: {kind} '{name}' has no key '{key}'.");
    }

    private string ResolveValueFrom(Node from, string podName, string podIP)
    {
        if (from.Get("fieldRef") is { } fieldRef)
        {
            var path = fieldRef["fieldPath"].Str;
            if (LabelField().Match(path) is { Success: true } label)
            {
                return PodLabels.TryGetValue(label.Groups["key"].Value, out var value) ? value : "";
            }

            return path switch
            {
                "metadata.name" => podName,
                "metadata.namespace" => Namespace,
                "status.podIP" => podIP,
                "status.podIPs" => podIP,
                "status.hostIP" => "192.0.2.10",
                "spec.nodeName" => "node-1",
                "metadata.uid" => "00000000-0000-0000-0000-000000000001",
                "spec.serviceAccountName" => PodSpec["serviceAccountName"].Str,
                _ => throw new ManifestException($"{fieldRef.Path}: fieldPath '{path}' is not simulated by the tests."),
            };
        }

        if (from.Get("secretKeyRef") is { } secretKeyRef)
        {
            return ReadKeyRef(secretKeyRef, "Secret");
        }

        if (from.Get("configMapKeyRef") is { } configMapKeyRef)
        {
            return ReadKeyRef(configMapKeyRef, "ConfigMap");
        }

        throw new ManifestException($"{from.Path}: unsupported valueFrom.");
    }

    /// <summary>Kubernetes' dependent variables: <c>$(NAME)</c> of an earlier variable is replaced, <c>$$</c> escapes.</summary>
    private static string Expand(string value, IReadOnlyDictionary<string, string> known) =>
        Reference().Replace(value, m => m.Value == "$$" ? "$" : known.TryGetValue(m.Groups["name"].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\$\$|\$\((?<name>[^)]+)\)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^metadata\.labels\['(?<key>[^']+)'\]$")]
    private static partial Regex LabelField();

    [GeneratedRegex(@"^(/bin/|/usr/bin/)?sleep (?<seconds>[0-9]+)$")]
    private static partial Regex SleepCommand();
}
