namespace RefundCluster.Silo.Security;

/// <summary>
/// The key an embedded host with no configured credential makes for itself: integrator and operator for every shop,
/// new at every start, printed on the console and written to a file only its owner can read. Never an open mode.
/// </summary>
public static class DevelopmentKey
{
    public const string Id = "dev";

    public static string DefaultFile => Path.Combine(Path.GetTempPath(), "refundcluster-dev-key");

    public static StoredCredential Create(string? file)
    {
        var (key, hash) = ApiKey.Generate(Id);
        var path = string.IsNullOrEmpty(file) ? DefaultFile : file;
        var written = TryWrite(path, key);
        Console.WriteLine($"""

            Development API key (roles integrator + operator, every shop; valid until this process stops):

                {key}

            Send it as 'X-Api-Key: <key>'{(written ? $"; it is also in {path} (key=$(cat {path}))" : "")}.
            Configure Security:ApiKeys to use your own keys instead (docs/security.md).

            """);
        return new StoredCredential { Id = Id, Hash = hash, Roles = [Role.Integrator, Role.Operator] };
    }

    private static bool TryWrite(string path, string key)
    {
        try
        {
            File.Delete(path);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(path, options))
            {
                writer.Write(key);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
