using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RefundCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// A YAML node with its path in the file (<c>deployment.yaml#0.spec.template</c>), so that a failed lookup says where.
/// Missing keys and wrong node types throw <see cref="ManifestException"/>, which fails the test.
/// </summary>
public sealed partial class Node(YamlNode yaml, string path)
{
    public YamlNode Yaml { get; } = yaml;

    public string Path { get; } = path;

    public Node this[string key] => Get(key) ?? throw new ManifestException($"{Path}.{key} is missing.");

    public Node this[int index] => Items.ElementAtOrDefault(index) ?? throw new ManifestException($"{Path}[{index}] is missing.");

    public Node? Get(string key) =>
        AsMapping().Children.TryGetValue(new YamlScalarNode(key), out var value) ? new Node(value, $"{Path}.{key}") : null;

    public bool Has(string key) => Yaml is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode(key));

    public IReadOnlyList<Node> Items => Yaml is YamlSequenceNode seq
        ? [.. seq.Children.Select((child, i) => new Node(child, $"{Path}[{i}]"))]
        : throw new ManifestException($"{Path} should be a list, is {Yaml.NodeType}.");

    /// <summary>A list that may be absent (Kubernetes treats a missing list as empty).</summary>
    public IReadOnlyList<Node> ItemsOf(string key) => Get(key)?.Items ?? [];

    public IReadOnlyList<KeyValuePair<string, Node>> Entries =>
    [
        .. AsMapping().Children.Select(kv => new KeyValuePair<string, Node>(
            ((YamlScalarNode)kv.Key).Value ?? "", new Node(kv.Value, $"{Path}.{((YamlScalarNode)kv.Key).Value}"))),
    ];

    /// <summary>A mapping of strings to strings (labels, selectors, ConfigMap data).</summary>
    public IReadOnlyDictionary<string, string> StringMap => Entries.ToDictionary(e => e.Key, e => e.Value.Str);

    public bool IsScalar => Yaml is YamlScalarNode;

    public string Str => Yaml is YamlScalarNode scalar
        ? scalar.Value ?? ""
        : throw new ManifestException($"{Path} should be a scalar, is {Yaml.NodeType}.");

    /// <summary>An integer as Kubernetes reads it: a plain (unquoted) YAML number.</summary>
    public int Int => Kind == ScalarKind.Int && int.TryParse(Str, out var value)
        ? value
        : throw new ManifestException($"{Path} should be an unquoted integer, is '{Str}' ({Kind}).");

    public bool Bool => Kind == ScalarKind.Bool
        ? Str.ToLowerInvariant() is "true" or "yes" or "y" or "on"
        : throw new ManifestException($"{Path} should be a boolean, is '{Str}' ({Kind}).");

    /// <summary>
    /// How Kubernetes' YAML reader types this scalar. It follows YAML 1.1, where an unquoted <c>true</c>, <c>yes</c>,
    /// <c>on</c>, <c>5080</c> or <c>1.5</c> is not a string: such values where the API wants a string (env values,
    /// labels, ConfigMap data) make <c>kubectl apply</c> fail.
    /// </summary>
    public ScalarKind Kind
    {
        get
        {
            if (Yaml is not YamlScalarNode scalar)
            {
                return ScalarKind.NotScalar;
            }

            if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
            {
                return ScalarKind.String;
            }

            var text = scalar.Value ?? "";
            return text switch
            {
                "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
                _ when BoolPattern().IsMatch(text) => ScalarKind.Bool,
                _ when IntPattern().IsMatch(text) => ScalarKind.Int,
                _ when FloatPattern().IsMatch(text) => ScalarKind.Float,
                _ => ScalarKind.String,
            };
        }
    }

    public override string ToString() => Path;

    private YamlMappingNode AsMapping() => Yaml as YamlMappingNode
        ?? throw new ManifestException($"{Path} should be a mapping, is {Yaml.NodeType}.");

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^([-+]?[0-9][0-9_]*|[-+]?0o?[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}

public enum ScalarKind
{
    NotScalar,
    String,
    Int,
    Float,
    Bool,
    Null,
}

/// <summary>A manifest does not have the shape a test expects.</summary>
public sealed class ManifestException(string message) : Exception(message);
