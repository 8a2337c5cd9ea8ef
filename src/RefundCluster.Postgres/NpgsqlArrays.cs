using Npgsql;
using NpgsqlTypes;

namespace RefundCluster.Postgres;

/// <summary>Array parameters for the batched statements (one <c>unnest</c> column per array).</summary>
internal static class NpgsqlArrays
{
    public static NpgsqlParameter Text(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
