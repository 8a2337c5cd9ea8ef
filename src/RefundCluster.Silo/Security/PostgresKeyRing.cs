using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace RefundCluster.Silo.Security;

/// <summary>
/// Durable mode's Data Protection key ring, in <c>refundcluster_data_protection_keys</c>: every silo protects and reads
/// dashboard session cookies with the same keys, so a browser signed in on one silo is signed in on all, and after
/// restarts. The keys are stored as Data Protection writes them (unencrypted XML): the table is as secret as the
/// database itself.
/// </summary>
public sealed class PostgresKeyRing(NpgsqlDataSource database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = database.CreateCommand("SELECT xml FROM refundcluster_data_protection_keys ORDER BY created_at");
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }

        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = database.CreateCommand(
            "INSERT INTO refundcluster_data_protection_keys (friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO NOTHING");
        command.Parameters.AddWithValue(friendlyName);
        command.Parameters.AddWithValue(element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
