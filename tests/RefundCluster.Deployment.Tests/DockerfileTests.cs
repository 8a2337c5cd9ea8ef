using System.Text.Json;
using System.Xml.Linq;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.Deployment.Tests;

/// <summary>deploy/kubernetes/Dockerfile builds the silo the Deployment runs (it cannot be built here: no Docker engine).</summary>
public sealed class DockerfileTests
{
    private static readonly string DockerfilePath = Path.Combine(Repo.KubernetesDir, "Dockerfile");

    private static readonly IReadOnlyList<(string Keyword, string Args)> Instructions = Parse(File.ReadAllText(DockerfilePath));

    private static string SiloProject => Repo.PathOf("src", "RefundCluster.Silo", "RefundCluster.Silo.csproj");

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_aspnet_of_the_target_framework()
    {
        var framework = XDocument.Load(Repo.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var version = framework.Replace("net", "", StringComparison.Ordinal);
        var images = Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Args.Split(' ')[0]).ToList();
        Assert.True(images.Count >= 2, "Expected a multi-stage build.");
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{version}", images[0]);
        Assert.Equal($"mcr.microsoft.com/dotnet/aspnet:{version}", images[^1]);
    }

    [Fact]
    public void Every_file_it_copies_from_the_context_exists()
    {
        var copies = LocalCopies().ToList();
        Assert.NotEmpty(copies);
        foreach (var source in copies.SelectMany(c => c.Sources))
        {
            var path = Repo.PathOf(source.TrimEnd('/').Split('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"The Dockerfile copies '{source}', which is not in the repository.");
        }
    }

    [Fact]
    public void Restores_after_copying_the_project_file_of_every_project_the_silo_needs()
    {
        var restore = Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Args.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "No RUN dotnet restore.");
        var copiedBeforeRestore = Instructions.Take(restore).Where(i => i.Keyword == "COPY" && !i.Args.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i => CopyArgs(i.Args)).SelectMany(c => c.Sources.Select(s => (Source: s, c.Destination))).ToList();

        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props" }.Concat(ProjectClosure(SiloProject).Select(RepoRelative)))
        {
            var directory = Path.GetDirectoryName(file)!.Replace('\\', '/');
            Assert.True(
                copiedBeforeRestore.Any(c => c.Source == file && (c.Destination is "./" or "." ? directory.Length == 0 : c.Destination.TrimEnd('/') == directory)),
                $"{file} is not copied to its own folder before dotnet restore.");
        }
    }

    [Fact]
    public void Entry_point_runs_the_silo_assembly_as_a_non_root_user()
    {
        var entry = JsonSerializer.Deserialize<string[]>(Instructions.Single(i => i.Keyword == "ENTRYPOINT").Args)!;
        Assert.Equal(["dotnet", typeof(SiloApp).Assembly.GetName().Name + ".dll"], entry);

        var user = Instructions.Last(i => i.Keyword == "USER").Args;
        Assert.DoesNotContain(user, new[] { "root", "0" });
        Assert.True(Instructions.ToList().FindLastIndex(i => i.Keyword == "FROM") < Instructions.ToList().FindLastIndex(i => i.Keyword == "USER"),
            "USER must be set in the final stage.");
    }

    [Fact]
    public void Exposes_the_silo_containers_ports()
    {
        var exposed = Instructions.Where(i => i.Keyword == "EXPOSE")
            .SelectMany(i => i.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Order();
        Assert.Equal(SiloDeployment.Load().ContainerPorts.Order(), exposed);
    }

    [Fact]
    public void Dockerignore_keeps_local_build_output_out_of_the_context()
    {
        // BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile. A copied obj/project.assets.json from the host
        // would point restore at the host's paths.
        var lines = File.ReadAllLines(DockerfilePath + ".dockerignore").Select(l => l.Trim()).ToHashSet();
        Assert.Contains("**/bin/", lines);
        Assert.Contains("**/obj/", lines);
    }

    /// <summary>The project and every project it references, transitively.</summary>
    private static IReadOnlyList<string> ProjectClosure(string project)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (seen.Contains(current))
            {
                continue;
            }

            seen.Add(current);
            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include)));
            }
        }

        return seen;
    }

    private static string RepoRelative(string path) => Path.GetRelativePath(Repo.Root, path).Replace('\\', '/');

    private static IEnumerable<(IReadOnlyList<string> Sources, string Destination)> LocalCopies() =>
        Instructions.Where(i => i.Keyword == "COPY" && !i.Args.StartsWith("--from", StringComparison.Ordinal)).SelectMany(i => CopyArgs(i.Args));

    private static IEnumerable<(IReadOnlyList<string> Sources, string Destination)> CopyArgs(string args)
    {
        var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
        yield return (parts[..^1], parts[^1]);
    }

    /// <summary>Instructions with line continuations joined; comments and blank lines dropped.</summary>
    private static List<(string Keyword, string Args)> Parse(string text)
    {
        var instructions = new List<(string, string)>();
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            var trimmed = current.Trim();
            var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0 ? (trimmed.ToUpperInvariant(), "") : (trimmed[..space].ToUpperInvariant(), trimmed[(space + 1)..].Trim()));
            current = "";
        }

        return instructions;
    }
}
