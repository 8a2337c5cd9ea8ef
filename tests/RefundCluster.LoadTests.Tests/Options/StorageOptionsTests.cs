namespace RefundCluster.LoadTests.Tests.Options;

public sealed class StorageOptionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Memory_is_the_default_and_has_no_connection_string()
    {
        var options = LoadTestOptions.Parse([], NoEnvironment);

        Assert.Equal(TargetStorage.Memory, options.Storage);
        Assert.Null(options.ConnectionString);
    }

    [Fact]
    public void Postgres_takes_the_connection_option_first_then_the_silos_variable_then_a_local_default()
    {
        Func<string, string?> environment = name => name == "ConnectionStrings__RefundCluster" ? "Host=db;Database=from_env" : null;

        Assert.Equal("Host=x;Database=y", LoadTestOptions.Parse(["--storage", "postgres", "--connection", "Host=x;Database=y"], environment).ConnectionString);
        Assert.Equal("Host=db;Database=from_env", LoadTestOptions.Parse(["--storage", "postgres"], environment).ConnectionString);
        Assert.Equal(LoadTestOptions.DefaultConnectionString, LoadTestOptions.Parse(["--storage", "PostgreSql"], NoEnvironment).ConnectionString);
        Assert.Equal(TargetStorage.PostgreSql, LoadTestOptions.Parse(["--storage", "postgres"], NoEnvironment).Storage);
    }

    [Theory]
    [InlineData("--storage", "oracle")]
    [InlineData("--connection", "Host=x")] // without --storage postgres it would be ignored: refused instead
    public void Bad_storage_arguments_are_refused(string option, string value) =>
        Assert.Throws<ArgumentException>(() => LoadTestOptions.Parse([option, value], NoEnvironment));

    [Fact]
    public void The_database_is_named_without_its_password()
    {
        var described = LoadTestRun.DescribeDatabase("Host=db.internal;Port=5433;Username=rc;Password=secret;Database=rc_load");

        Assert.Equal("db.internal:5433/rc_load", described);
    }
}
