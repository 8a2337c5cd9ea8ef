using Npgsql;
using RefundCluster.Hosting;

namespace RefundCluster.Deployment.Tests;

/// <summary>The Job that runs deploy/postgres/apply.sh, and the ConfigMap that carries the script and the schema.</summary>
public sealed class SchemaJobTests
{
    private const string ScriptKey = "apply.sh";

    private static Manifest Job => Manifests.Single("Job");

    private static Node PodSpec => Job.Spec["template"]["spec"];

    private static Node Container => Assert.Single(PodSpec["containers"].Items);

    /// <summary>The ConfigMap behind the Job's volumes.</summary>
    private static Manifest SchemaConfigMap
    {
        get
        {
            var names = PodSpec["volumes"].Items.Select(v => v.Get("configMap")?["name"].Str).OfType<string>().Distinct().ToList();
            return Manifests.Get("ConfigMap", Assert.Single(names));
        }
    }

    [Fact]
    public void ConfigMap_is_byte_for_byte_the_schema_in_deploy_postgres()
    {
        var data = SchemaConfigMap.Root["data"].StringMap;
        var expected = Directory.GetFiles(Path.Combine(Repo.PostgresDir, "schema"), "*.sql")
            .Append(Path.Combine(Repo.PostgresDir, ScriptKey))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        Assert.True(
            expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(data.Keys.Order(StringComparer.Ordinal)),
            $"ConfigMap keys [{string.Join(", ", data.Keys.Order())}] differ from deploy/postgres [{string.Join(", ", expected.Keys.Order())}]: run deploy/kubernetes/update-schema-configmap.sh.");
        foreach (var (file, text) in expected)
        {
            Assert.True(text == data[file], $"{file} in the ConfigMap differs from deploy/postgres: run deploy/kubernetes/update-schema-configmap.sh.");
        }
    }

    [Fact]
    public void Job_runs_apply_sh_next_to_a_schema_folder_holding_the_sql_files()
    {
        var command = Container["command"].Items.Select(c => c.Str).ToList();
        var script = Assert.Single(command, c => c.EndsWith("/" + ScriptKey, StringComparison.Ordinal));
        var scriptDir = script[..script.LastIndexOf('/')];

        var volumes = PodSpec["volumes"].Items.ToDictionary(v => v["name"].Str, v => v);
        var mounts = Container["volumeMounts"].Items;

        // apply.sh itself, at the path the command runs.
        var scriptMount = Assert.Single(mounts, m => m["mountPath"].Str == script);
        Assert.Equal(ScriptKey, scriptMount["subPath"].Str);
        Assert.Equal(SchemaConfigMap.Name, volumes[scriptMount["name"].Str]["configMap"]["name"].Str);

        // apply.sh reads "$here/schema/*.sql": the whole ConfigMap (every key) mounted there.
        var schemaMount = Assert.Single(mounts, m => m["mountPath"].Str == scriptDir + "/schema");
        Assert.False(schemaMount.Has("subPath"));
        var schemaVolume = volumes[schemaMount["name"].Str]["configMap"];
        Assert.Equal(SchemaConfigMap.Name, schemaVolume["name"].Str);
        Assert.False(schemaVolume.Has("items"), "Listing items would drop a newly added .sql file.");

        var applySh = File.ReadAllText(Path.Combine(Repo.PostgresDir, ScriptKey));
        Assert.Contains("schema_dir=\"$here/schema\"", applySh, StringComparison.Ordinal);
        Assert.StartsWith("postgres:", Container["image"].Str, StringComparison.Ordinal);
        Assert.Equal("bash", command[0]);
    }

    [Fact]
    public void Job_gets_a_postgres_uri_for_the_same_database_the_silos_use_from_the_Secret()
    {
        var env = Container["env"].Items.ToDictionary(e => e["name"].Str);
        Assert.Contains("ORLEANS_PG_URL", File.ReadAllText(Path.Combine(Repo.PostgresDir, ScriptKey)), StringComparison.Ordinal);
        var url = new Uri(SiloDeployment.ReadKeyRef(env["ORLEANS_PG_URL"]["valueFrom"]["secretKeyRef"], "Secret"));
        Assert.Contains(url.Scheme, new[] { "postgres", "postgresql" });

        var silo = SiloDeployment.Load();
        var siloConnection = new NpgsqlConnectionStringBuilder(SiloDeployment.ReadKeyRef(
            silo.EnvEntry($"ConnectionStrings__{RefundClusterOptions.ConnectionStringName}")!["valueFrom"]["secretKeyRef"], "Secret"));
        Assert.Equal(siloConnection.Host, url.Host);
        Assert.Equal(siloConnection.Port, url.IsDefaultPort ? 5432 : url.Port);
        Assert.Equal(siloConnection.Database, url.AbsolutePath.Trim('/'));
    }

    [Fact]
    public void Job_retries_and_is_cleaned_up()
    {
        Assert.Equal("batch/v1", Job.ApiVersion);
        Assert.True(Job.Spec["backoffLimit"].Int >= 3);
        Assert.True(Job.Spec["ttlSecondsAfterFinished"].Int > 0);
        Assert.Contains(PodSpec["restartPolicy"].Str, new[] { "Never", "OnFailure" });
    }
}
