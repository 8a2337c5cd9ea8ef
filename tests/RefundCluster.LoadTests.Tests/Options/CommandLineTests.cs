using System.CommandLine;
using System.Text.RegularExpressions;
using RefundCluster.LoadTests.Recordings;

namespace RefundCluster.LoadTests.Tests.Options;

/// <summary>The tool's command line (<see cref="LoadTestTool"/>): generated help, and what it refuses before anything runs.</summary>
public sealed partial class CommandLineTests
{
    public static TheoryData<string> Commands => [RunCommand.CommandName, RecordingCommand.CommandName, WhatIfCommand.CommandName];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_lists_every_option_of_a_command_with_its_description_and_default(string name)
    {
        var (exit, output, errors) = await Invoke(name, "--help");

        Assert.True(exit == 0, errors);
        var help = Collapse(output);
        var command = LoadTestTool.Create().Subcommands.Single(c => c.Name == name);
        Assert.Contains($"Usage: {RootCommand.ExecutableName} {name} [options]", help, StringComparison.Ordinal);
        foreach (var option in command.Options.Where(o => o.Name != "--help"))
        {
            Assert.Contains($"{option.Name}", help, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{name} {option.Name} has no description");
            Assert.Contains(Collapse(option.Description!), help, StringComparison.Ordinal);
            // A default is either the generated one or said in the description; switches are off unless given.
            Assert.True(option.HasDefaultValue || option.Required || option.Arity.MaximumNumberOfValues == 0 || option.Description!.Contains("default", StringComparison.Ordinal),
                $"{name} {option.Name} says no default");
        }
    }

    [Fact]
    public async Task Run_help_gives_the_defaults_of_the_load_profile()
    {
        var (_, output, _) = await Invoke("run", "--help");

        var help = Collapse(output);
        Assert.Equal(41, new RunCommand().Options.Count(o => o.Name != "--help"));
        foreach (var expected in new[] { "[default: double11]", "[default: embedded]", "[default: constant]", "[default: 200]", "[default: 30]", "[default: 5]", "[default: memory]" })
        {
            Assert.Contains(expected, help, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "run", "--no-such-option" }, "Unrecognized command or argument '--no-such-option'")]
    [InlineData(new[] { "run", "--rate", "fast" }, "--rate: 'fast' is not a number")]
    [InlineData(new[] { "run", "--rate" }, "Required argument missing for option: '--rate'")]
    [InlineData(new[] { "run", "--shops", "0" }, "--shops must be more than 0")]
    [InlineData(new[] { "run", "--scenario", "lifecycle", "--profile", "closed" }, "the lifecycle scenario is an open model")]
    [InlineData(new[] { "run", "--mix", "refund" }, "--mix: 'refund' is not name=share")]
    [InlineData(new[] { "what-if", "--policy", "p.json", "--recording", "/nonexistent/r.jsonl.gz" }, "--recording /nonexistent/r.jsonl.gz: no such file")]
    [InlineData(new[] { "recording", "--target", "http://h:1", "--shop", "s" }, "Option '--out' is required")]
    [InlineData(new[] { "replay" }, "Unrecognized command or argument 'replay'")]
    public async Task Bad_arguments_are_refused_with_what_is_wrong_and_exit_code_2_before_anything_runs(string[] args, string message)
    {
        var (exit, output, errors) = await Invoke(args);

        Assert.Equal(2, exit);
        Assert.Contains($"error: {message}", errors, StringComparison.Ordinal);
        Assert.Contains(args[0] == "replay" ? $"(options: {RootCommand.ExecutableName} --help)" : $" {args[0]} --help)", errors, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task No_command_prints_the_help_and_exits_2_and_help_exits_0()
    {
        var (none, noneOutput, _) = await Invoke();
        var (help, helpOutput, _) = await Invoke("help");

        Assert.Equal((2, 0), (none, help));
        Assert.Equal(noneOutput, helpOutput);
        foreach (var command in new[] { RunCommand.CommandName, RecordingCommand.CommandName, WhatIfCommand.CommandName })
        {
            Assert.Contains($"  {command} ", helpOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_repeated_option_takes_its_last_value_and_thresholds_add_up()
    {
        var options = LoadTestOptions.Parse(["--rate", "120", "--scenario", "ingest", "--rate", "60", "--threshold", "p99<50ms", "--threshold", "errors<1%", "--rate=70"], _ => null);

        Assert.Equal(70, options.Rate);
        Assert.Equal(["p99<50ms", "errors<1%"], options.Thresholds.Select(t => t.Expression));
    }

    [Fact]
    public void To_is_the_ramps_end_or_with_an_x_the_steps_multiple()
    {
        Assert.Equal((800, 10), (LoadTestOptions.Parse(["--profile", "ramp", "--to", "800"], _ => null).To, LoadTestOptions.Parse(["--to", "800"], _ => null).ToMultiple));
        Assert.Equal((500, 4), (LoadTestOptions.Parse(["--profile", "steps", "--to", "4x"], _ => null).To, LoadTestOptions.Parse(["--to", "4x"], _ => null).ToMultiple));
        Assert.Equal(3, LoadTestOptions.Parse(["--to-multiple", "3"], _ => null).ToMultiple);
    }

    private static async Task<(int Exit, string Output, string Errors)> Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await LoadTestTool.InvokeAsync(args, output, errors, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), errors.ToString());
    }

    /// <summary>Help wraps its columns to the console: compared with every run of white space as one space.</summary>
    private static string Collapse(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
