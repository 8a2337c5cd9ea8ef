namespace RefundCluster.Deployment.Tests.Infrastructure;

public static class Selectors
{
    /// <summary>
    /// Whether a label selector (<c>matchLabels</c>, and <c>matchExpressions</c> with In/NotIn/Exists/DoesNotExist)
    /// selects a pod with these labels. An empty selector selects everything, as in Kubernetes.
    /// </summary>
    public static bool Selects(Node selector, IReadOnlyDictionary<string, string> labels)
    {
        var matchLabels = selector.Get("matchLabels")?.StringMap ?? new Dictionary<string, string>();
        if (!matchLabels.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value))
        {
            return false;
        }

        foreach (var expression in selector.ItemsOf("matchExpressions"))
        {
            var key = expression["key"].Str;
            var values = expression.ItemsOf("values").Select(v => v.Str).ToHashSet();
            var has = labels.TryGetValue(key, out var actual);
            var ok = expression["operator"].Str switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                var op => throw new ManifestException($"{expression.Path}: unknown operator {op}."),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A Service's selector is a plain map, not a LabelSelector.</summary>
    public static bool SelectsByMap(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
