using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RefundCluster.Deployment.Tests;

/// <summary>
/// The README is the front door (at most <see cref="MaxReadmeLines"/> lines) and the documents behind it stay
/// connected: every relative link in the README, docs/*.md, load-tests/README.md and benchmarks/README.md names a file
/// or folder that exists (and, with a <c>#fragment</c> into a markdown file, one of its headings), and every repository
/// path docs/extending.md writes in backticks exists. Text in code blocks and code spans is not a link.
/// </summary>
public sealed partial class DocumentationLinksTests
{
    public const int MaxReadmeLines = 200;

    /// <summary>The folders a path in docs/extending.md may start with to count as a repository path.</summary>
    private static readonly string[] RepositoryFolders = ["src/", "tests/", "load-tests/", "benchmarks/", "deploy/"];

    private static readonly string[] FixedDocuments = ["README.md", "load-tests/README.md", "benchmarks/README.md"];

    /// <summary>The checked documents, as paths from the repository root with '/'.</summary>
    public static TheoryData<string> Documents =>
    [
        .. FixedDocuments,
        .. Directory.GetFiles(Repo.PathOf("docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void The_readme_has_at_most_200_lines()
    {
        var lines = File.ReadAllLines(Repo.PathOf("README.md")).Length;
        Assert.True(lines <= MaxReadmeLines, $"README.md has {lines} lines; it is the front door: at most {MaxReadmeLines}, the rest goes into docs/.");
    }

    [Fact]
    public void The_documents_the_readme_points_to_exist()
    {
        Assert.All(FixedDocuments, d => Assert.True(File.Exists(Repo.PathOf(d.Split('/'))), $"{d} is missing."));
        string[] docs = ["architecture", "api", "errors", "security", "domain", "operations", "runbook", "testing", "extending", "known-limits"];
        Assert.All(docs, d => Assert.True(File.Exists(Repo.PathOf("docs", d + ".md")), $"docs/{d}.md is missing."));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves(string document)
    {
        var path = Repo.PathOf(document.Split('/'));
        var broken = new List<string>();
        foreach (var (line, target) in Links(File.ReadAllText(path)))
        {
            if (SchemePattern().IsMatch(target))
            {
                continue; // http:, https:, mailto: ... are not files of the repository
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            var fragment = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{document}:{line}: ({target}) points to {Path.GetRelativePath(Repo.Root, resolved)}, which does not exist");
            }
            else if (!string.IsNullOrEmpty(fragment) && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                     && !Anchors(File.ReadAllText(resolved)).Contains(fragment))
            {
                broken.Add($"{document}:{line}: ({target}): {Path.GetRelativePath(Repo.Root, resolved)} has no heading #{fragment}");
            }
        }

        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
    }

    [Fact]
    public void Every_repository_path_in_the_extending_guide_exists()
    {
        var text = string.Join('\n', Prose(File.ReadAllText(Repo.PathOf("docs", "extending.md"))).Select(l => l.Text));
        var paths = CodeSpan().Matches(text)
            .Select(m => m.Groups["code"].Value.Trim())
            .Where(code => RepositoryFolders.Any(folder => code.StartsWith(folder, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.True(paths.Count >= 10, $"Expected the guide to name the files to touch; found {paths.Count} repository paths.");
        var missing = paths.Where(p => !File.Exists(Repo.PathOf(p.TrimEnd('/').Split('/'))) && !Directory.Exists(Repo.PathOf(p.TrimEnd('/').Split('/'))));
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("Security", "security")]
    [InlineData("Admission control (load shedding)", "admission-control-load-shedding")]
    [InlineData("The order aggregate (commits 46d99ab–85b5630): before and after", "the-order-aggregate-commits-46d99ab85b5630-before-and-after")]
    [InlineData("Walkthrough (paste into a second terminal while the cluster runs)", "walkthrough-paste-into-a-second-terminal-while-the-cluster-runs")]
    [InlineData("What `abuse` does", "what-abuse-does")]
    [InlineData("Refund reasons (buyer picks one; the first one is kept forever)", "refund-reasons-buyer-picks-one-the-first-one-is-kept-forever")]
    public void Anchors_are_made_as_github_makes_them(string heading, string anchor) =>
        Assert.Equal(anchor, Slug(heading));

    /// <summary>Inline links <c>[text](target)</c> and reference definitions <c>[label]: target</c>, with their line numbers.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        foreach (var (number, text) in Prose(markdown))
        {
            var withoutCode = CodeSpan().Replace(text, "");
            foreach (Match link in InlineLink().Matches(withoutCode))
            {
                yield return (number, link.Groups["target"].Value);
            }

            if (ReferenceDefinition().Match(withoutCode) is { Success: true } definition)
            {
                yield return (number, definition.Groups["target"].Value);
            }
        }
    }

    /// <summary>The anchors of a document's headings: GitHub's slugs, a repeated one suffixed -1, -2, ...</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, text) in Prose(markdown))
        {
            if (Heading().Match(text) is not { Success: true } heading)
            {
                continue;
            }

            var slug = Slug(heading.Groups["title"].Value);
            var repeats = seen.GetValueOrDefault(slug);
            seen[slug] = repeats + 1;
            anchors.Add(repeats == 0 ? slug : $"{slug}-{repeats}");
        }

        return anchors;
    }

    /// <summary>
    /// GitHub's heading anchor: lower case, every character dropped that is not a letter, mark, number, connector
    /// (underscore), hyphen or space, then each space a hyphen. (Markup inside a heading, such as a link, is not
    /// rendered first: these documents' headings have none.)
    /// </summary>
    private static string Slug(string heading)
    {
        var slug = new StringBuilder();
        foreach (var rune in heading.Trim().ToLowerInvariant().EnumerateRunes())
        {
            var kept = Rune.GetUnicodeCategory(rune) switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                    or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                    or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                    or UnicodeCategory.ConnectorPunctuation => true,
                _ => rune.Value is '-' or ' ',
            };
            if (kept)
            {
                slug.Append(rune.Value == ' ' ? "-" : rune.ToString());
            }
        }

        return slug.ToString();
    }

    /// <summary>The lines outside fenced code blocks, numbered from 1.</summary>
    private static IEnumerable<(int Number, string Text)> Prose(string markdown)
    {
        string? fence = null;
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            var marker = trimmed.StartsWith("```", StringComparison.Ordinal) ? "```" : trimmed.StartsWith("~~~", StringComparison.Ordinal) ? "~~~" : null;
            if (marker is not null && (fence is null || fence == marker))
            {
                fence = fence is null ? marker : null;
                continue;
            }

            if (fence is null)
            {
                yield return (i + 1, lines[i]);
            }
        }
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*(?<target>\S+)")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"`+(?<code>[^`\n]+)`+")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<title>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePattern();
}
