using System.Diagnostics;
using System.Globalization;

namespace RefundCluster.Performance.Measuring;

/// <summary>CPU time of one process from <c>/proc/[pid]/stat</c>, in clock ticks.</summary>
/// <param name="StartTime">When the process started (ticks after boot): tells a reused pid from the process seen before.</param>
public readonly record struct ProcStat(int Pid, string Comm, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks, long StartTime)
{
    /// <summary>The process's own CPU (user + system).</summary>
    public long OwnTicks => UserTicks + SystemTicks;
}

/// <summary>CPU time per process at one moment (ticks), keyed by pid and start time.</summary>
public sealed record CpuSample(IReadOnlyDictionary<(int Pid, long StartTime), long> Ticks)
{
    public static CpuSample Empty { get; } = new(new Dictionary<(int, long), long>());

    /// <summary>
    /// CPU spent between <paramref name="earlier"/> and this sample, in ticks: for each process seen now, what it used
    /// since then (all of it if it started since). A process that ended in between is missing: its last interval is lost.
    /// </summary>
    public long TicksSince(CpuSample earlier) =>
        Ticks.Sum(p => Math.Max(0, p.Value - earlier.Ticks.GetValueOrDefault(p.Key)));
}

/// <summary>The whole machine's CPU time from <c>/proc/stat</c> (all cores, clock ticks): all of it, and idle (idle + iowait).</summary>
public readonly record struct MachineCpu(long Total, long Idle)
{
    public long Busy => Total - Idle;
}

/// <summary>
/// Reads processes' CPU from <c>/proc</c> (Linux): the silo's (a pid, or the process listening on a port), the local
/// PostgreSQL server's (the target database's backends plus the server's own background processes) and the whole
/// machine's.
/// </summary>
public static class ProcCpu
{
    /// <summary>USER_HZ: the unit of /proc's CPU times (<c>getconf CLK_TCK</c>; 100 on every mainstream Linux).</summary>
    public static double TicksPerSecond { get; } = ReadClockTicks();

    public static bool Available => File.Exists("/proc/self/stat");

    public static double Milliseconds(long ticks) => ticks * 1000.0 / TicksPerSecond;

    /// <summary>
    /// Parses a <c>/proc/[pid]/stat</c> line. The command name (field 2) is in parentheses and may hold spaces and
    /// parentheses itself, so the fields are counted from its last closing parenthesis: utime, stime, cutime and
    /// cstime are fields 14–17, starttime field 22.
    /// </summary>
    public static ProcStat? Parse(string line)
    {
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open < 0 || close < open || !int.TryParse(line.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        // fields[0] is field 3 (state).
        var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20)
        {
            return null;
        }

        long Field(int number) => long.Parse(fields[number - 3], NumberStyles.Integer, CultureInfo.InvariantCulture);
        return new ProcStat(pid, line[(open + 1)..close], Field(14), Field(15), Field(16), Field(17), Field(22));
    }

    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null; // gone, or not ours to read
        }
    }

    /// <summary>The given processes' CPU now (those that are gone are left out).</summary>
    public static CpuSample Sample(IEnumerable<int> pids)
    {
        var ticks = new Dictionary<(int, long), long>();
        foreach (var pid in pids)
        {
            if (Read(pid) is { } stat)
            {
                ticks[(stat.Pid, stat.StartTime)] = stat.OwnTicks;
            }
        }

        return new CpuSample(ticks);
    }

    /// <summary>
    /// The local PostgreSQL server's processes that work for <paramref name="database"/>: its client backends (by
    /// their process title, <c>postgres: user database host(port) state</c>) and the server's shared background
    /// processes (WAL writer, checkpointer, background writer, autovacuum, the postmaster itself). Other databases'
    /// backends are left out; with no <paramref name="database"/>, every postgres process counts.
    /// </summary>
    public static CpuSample SamplePostgres(string? database)
    {
        var ticks = new Dictionary<(int, long), long>();
        foreach (var pid in Pids())
        {
            if (Read(pid) is not { Comm: "postgres" } stat)
            {
                continue;
            }

            var backendOf = database is null ? null : BackendDatabase(ReadCommandLine(pid));
            if (backendOf is null || backendOf == database)
            {
                ticks[(stat.Pid, stat.StartTime)] = stat.OwnTicks;
            }
        }

        return new CpuSample(ticks);
    }

    /// <summary>The whole machine's CPU now (the first line of <c>/proc/stat</c>), or null without it.</summary>
    public static MachineCpu? ReadMachine()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal (guest time is counted in user already)
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => long.Parse(f, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
            return fields.Length < 5 ? null : new MachineCpu(fields.Sum(), fields[3] + fields[4]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The database a client backend serves, from its process title (<c>postgres: user database 127.0.0.1(5432) idle</c>
    /// or <c>… [local] …</c>); null for the postmaster and background processes (<c>postgres: walwriter</c> …).
    /// </summary>
    public static string? BackendDatabase(string? title)
    {
        if (title is null || !title.StartsWith("postgres: ", StringComparison.Ordinal))
        {
            return null;
        }

        var words = title["postgres: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var isClient = words.Length >= 3 && (words[2] == "[local]" || (words[2].EndsWith(')') && words[2].Contains('(', StringComparison.Ordinal)));
        return isClient ? words[1] : null;
    }

    /// <summary>
    /// The processes listening on TCP <paramref name="port"/> (from <c>/proc/net/tcp</c> and <c>tcp6</c>, then the
    /// socket inode among each process's open files; only processes this user may inspect are found).
    /// </summary>
    public static IReadOnlyList<int> ListeningOn(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            try
            {
                inodes.UnionWith(ListeningInodes(File.ReadAllLines(table), port));
            }
            catch (IOException)
            {
            }
        }

        if (inodes.Count == 0)
        {
            return [];
        }

        var found = new List<int>();
        foreach (var pid in Pids())
        {
            try
            {
                foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                    {
                        found.Add(pid);
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>The inodes of sockets in LISTEN state (0A) on <paramref name="port"/>, from the lines of /proc/net/tcp(6).</summary>
    public static IEnumerable<string> ListeningInodes(IEnumerable<string> lines, int port)
    {
        foreach (var line in lines.Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10)
            {
                continue;
            }

            var local = f[1];
            var colon = local.LastIndexOf(':');
            if (colon > 0 && int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p) && p == port && f[3] == "0A")
            {
                yield return f[9];
            }
        }
    }

    private static IEnumerable<int> Pids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private static string? ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double ReadClockTicks()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true, UseShellExecute = false });
            var output = process?.StandardOutput.ReadToEnd().Trim();
            process?.WaitForExit();
            return double.TryParse(output, NumberStyles.Float, CultureInfo.InvariantCulture, out var hz) && hz > 0 ? hz : 100;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return 100;
        }
    }
}
