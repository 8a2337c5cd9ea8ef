using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;

namespace RefundCluster.Silo.Hosting;

/// <summary>
/// What the command lines of the silo's <c>keys</c> command, the load-test tool and the benchmarks share
/// (System.CommandLine, help generated from the options): options read the way the hand-written parsers read them
/// (a repeated option's last value wins; numbers in the invariant culture; no response files), and bad arguments end
/// with <c>error: …</c> and exit code <see cref="BadArguments"/>.
/// </summary>
public static class ToolCommandLine
{
    /// <summary>The exit code of bad arguments (and of a command line that names no command).</summary>
    public const int BadArguments = 2;

    private static readonly ParserConfiguration Parser = new() { ResponseFileTokenReplacer = null };

    /// <summary>Parses <paramref name="args"/> against <paramref name="command"/> as the tools do.</summary>
    public static ParseResult Parse(Command command, IReadOnlyList<string> args) => command.Parse(args, Parser);

    /// <summary>
    /// Parses and runs a command line: bad arguments are written to <paramref name="error"/> with the command whose
    /// help lists the options, and exit <see cref="BadArguments"/>; <c>--help</c> (or <c>help</c> first) prints the
    /// generated help and exits 0; no command at all prints the root's help and exits <see cref="BadArguments"/>.
    /// Ctrl+C is the caller's (<paramref name="cancellationToken"/>), and exceptions propagate as they did.
    /// </summary>
    public static async Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> args, TextWriter output, TextWriter error,
        CancellationToken cancellationToken, string errorPrefix = "error")
    {
        var configuration = new InvocationConfiguration
        {
            Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
        };
        if (args.Count == 0)
        {
            await Parse(root, ["--help"]).InvokeAsync(configuration, cancellationToken);
            return BadArguments;
        }

        var result = Parse(root, args[0] == "help" ? [.. args.Skip(1), "--help"] : args);
        if (result.Action is ParseErrorAction)
        {
            foreach (var problem in result.Errors)
            {
                await error.WriteLineAsync($"{errorPrefix}: {problem.Message}");
            }

            await error.WriteLineAsync($"(options: {CommandPath(result.CommandResult)} --help)");
            return BadArguments;
        }

        return await result.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>
    /// Binds a command's options to the record the rest of the tool consumes (<paramref name="bind"/> throws
    /// <see cref="ArgumentException"/> or <see cref="FormatException"/> when they do not fit together); a misfit is
    /// refused (<see cref="Refuse"/>) and <paramref name="refused"/> is the exit code to return.
    /// </summary>
    public static bool TryBind<T>(ParseResult result, Func<ParseResult, T> bind, out T options, out int refused)
    {
        try
        {
            options = bind(result);
            refused = 0;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            options = default!;
            refused = Refuse(result, e.Message);
            return false;
        }
    }

    /// <summary>Refuses the command line with <paramref name="message"/> (for what the options' own parsing cannot see).</summary>
    public static int Refuse(ParseResult result, string message, string errorPrefix = "error")
    {
        var error = result.InvocationConfiguration.Error;
        error.WriteLine($"{errorPrefix}: {message}");
        error.WriteLine($"(options: {CommandPath(result.CommandResult)} --help)");
        return BadArguments;
    }

    /// <summary>Makes <paramref name="command"/>, which only groups commands, print its help and exit <see cref="BadArguments"/> when none is named.</summary>
    public static TCommand HelpWithoutSubcommand<TCommand>(this TCommand command) where TCommand : Command
    {
        command.SetAction(result =>
        {
            new HelpAction().Invoke(result);
            return BadArguments;
        });
        return command;
    }

    /// <summary>The option was on the command line (rather than taking its default).</summary>
    public static bool Given(this ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>Reads an option's value; false refuses it.</summary>
    public delegate bool TryParse<T>(string token, out T value);

    /// <summary>
    /// An option with one value, read by <paramref name="parse"/> (false: refused as not <paramref name="what"/>);
    /// given twice, the last value wins. <paramref name="defaultValue"/> is shown in the help.
    /// </summary>
    public static Option<T> Value<T>(string name, string helpName, string description, TryParse<T> parse, string what, Func<T>? defaultValue = null)
    {
        var option = new Option<T>(name)
        {
            HelpName = helpName,
            Description = description,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result =>
            {
                var token = result.Tokens[^1].Value;
                if (parse(token, out var value))
                {
                    return value;
                }

                result.AddError($"{name}: '{token}' is not {what}");
                return default;
            },
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue();
        }

        return option;
    }

    /// <summary>A text option (<see cref="Value{T}"/>); null when not given and without a default.</summary>
    public static Option<string?> Text(string name, string helpName, string description, string? defaultValue = null) =>
        Value(name, helpName, description, (string token, out string? value) => (value = token) is not null, "a value",
            defaultValue is null ? null : () => defaultValue);

    /// <summary>A number (<see cref="Value{T}"/>, the invariant culture, any finite value: the caller checks its range).</summary>
    public static Option<double> Number(string name, string helpName, string description, double defaultValue) =>
        Value<double>(name, helpName, description, TryNumber, "a number", () => defaultValue);

    /// <summary>A number with no fixed default (the description says what stands in for it): null when not given.</summary>
    public static Option<double?> Number(string name, string helpName, string description) =>
        Value(name, helpName, description, (string token, out double? value) => Nullable(TryNumber(token, out var number), number, out value), "a number");

    /// <summary>A whole number (<see cref="Value{T}"/>, the invariant culture).</summary>
    public static Option<int> Integer(string name, string helpName, string description, int defaultValue) =>
        Value<int>(name, helpName, description, TryInteger, "a whole number", () => defaultValue);

    /// <summary>A whole number with no fixed default: null when not given.</summary>
    public static Option<int?> Integer(string name, string helpName, string description) =>
        Value(name, helpName, description, (string token, out int? value) => Nullable(TryInteger(token, out var number), number, out value), "a whole number");

    /// <summary>An ISO 8601 time, UTC unless it says otherwise (<see cref="Value{T}"/>): null when not given.</summary>
    public static Option<DateTimeOffset?> Time(string name, string description) =>
        Value(name, "ISO", description, (string token, out DateTimeOffset? value) =>
            Nullable(DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at), at, out value),
            "an ISO 8601 time (e.g. 2026-12-01T00:00:00Z)");

    /// <summary>A switch: no value.</summary>
    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An option that may be given many times, each with one value; in the order given.</summary>
    public static Option<string[]> Repeatable(string name, string helpName, string description) =>
        new(name) { HelpName = helpName, Description = description, Arity = ArgumentArity.OneOrMore, DefaultValueFactory = _ => [] };

    /// <summary>A finite number in the invariant culture.</summary>
    public static bool TryNumber(string token, out double value) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A whole number in the invariant culture.</summary>
    public static bool TryInteger(string token, out int value) =>
        int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static bool Nullable<T>(bool parsed, T read, out T? value) where T : struct
    {
        value = parsed ? read : null;
        return parsed;
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is CommandResult command)
            {
                names.Insert(0, command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
