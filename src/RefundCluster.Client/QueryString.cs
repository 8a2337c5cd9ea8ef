using System.Text;

namespace RefundCluster.Client;

/// <summary>A path with its query parameters, escaped, leaving out those without a value.</summary>
internal sealed class QueryString(string path)
{
    private readonly StringBuilder _text = new(path);
    private char _separator = '?';

    public QueryString Add(string name, string? value)
    {
        if (value is not null)
        {
            _text.Append(_separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            _separator = '&';
        }

        return this;
    }

    public override string ToString() => _text.ToString();
}
