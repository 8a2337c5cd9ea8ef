using System.Collections.Concurrent;
using System.Text;

namespace RefundCluster.Benchmarks.Abuse;

/// <summary>How many times each answer came back (e.g. <c>400 request.malformed_json</c>, <c>closed, no answer</c>); thread-safe.</summary>
public sealed class AnswerTally
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string answer) => _counts.AddOrUpdate(answer, 1, (_, n) => n + 1);

    public long Total => _counts.Values.Sum();

    /// <summary>Answers whose text starts with a 5xx status.</summary>
    public long ServerErrors => _counts.Where(c => c.Key.Length >= 3 && c.Key[0] == '5' && char.IsAsciiDigit(c.Key[1])).Sum(c => c.Value);

    /// <summary>Answers that are not a 4xx status (2xx, 5xx, a dropped connection).</summary>
    public long NotClientErrors => _counts.Where(c => !(c.Key.Length >= 3 && c.Key[0] == '4' && char.IsAsciiDigit(c.Key[1]))).Sum(c => c.Value);

    /// <summary>Most frequent first: "408 request.body_timeout × 3,912, closed × 2".</summary>
    public string Describe() => _counts.IsEmpty
        ? "none"
        : string.Join(", ", _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} × {c.Value:N0}"));

    /// <summary>"400 request.malformed_json" from a status and a problem+json body (its <c>code</c>), without parsing the whole body.</summary>
    public static string Of(int status, ReadOnlySpan<byte> body)
    {
        var code = ProblemCode(body);
        return code is null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} {code}";
    }

    private static readonly byte[] CodeProperty = "\"code\":\""u8.ToArray();

    private static string? ProblemCode(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf(CodeProperty);
        if (at < 0)
        {
            return null;
        }

        var rest = body[(at + CodeProperty.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end <= 0 || end > 80 ? null : Encoding.ASCII.GetString(rest[..end]);
    }
}
