using Npgsql;
using NpgsqlTypes;

namespace RefundCluster.Postgres;

/// <summary>Array parameters for the batched statements (one <c>unnest</c> column per array).</summary>
internal static class NpgsqlArrays
{
    public static NpgsqlParameter Text(IEnumerable<string?> values) => Of(values, NpgsqlDbType.Text);

    /// <summary>A text array, or SQL NULL for none (a filter that is not set).</summary>
    public static NpgsqlParameter TextOrNull(IReadOnlyCollection<string> values) =>
        values.Count == 0 ? new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text } : Text(values);

    public static NpgsqlParameter Integer(IEnumerable<int> values) => Of(values, NpgsqlDbType.Integer);

    public static NpgsqlParameter Bigint(IEnumerable<long> values) => Of(values, NpgsqlDbType.Bigint);

    public static NpgsqlParameter Numeric(IEnumerable<decimal> values) => Of(values, NpgsqlDbType.Numeric);

    public static NpgsqlParameter Bytea(IEnumerable<byte[]?> values) => Of(values, NpgsqlDbType.Bytea);

    /// <summary>Instants as UTC (what <c>timestamptz</c> arrays take from Npgsql).</summary>
    public static NpgsqlParameter TimestampTz(IEnumerable<DateTimeOffset> values) => Of(values.Select(v => v.UtcDateTime), NpgsqlDbType.TimestampTz);

    public static NpgsqlParameter TimestampTz(IEnumerable<DateTimeOffset?> values) => Of(values.Select(v => v?.UtcDateTime), NpgsqlDbType.TimestampTz);

    private static NpgsqlParameter Of<T>(IEnumerable<T> values, NpgsqlDbType element) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | element };
}
