using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

const string ClusterId = "pgverify";
const string ServiceId = "pgverify-svc";
var baseConn = Environment.GetEnvironmentVariable("PGVERIFY_CONN") ?? "Host=127.0.0.1;Port=5432;Username=postgres";
var dbName = Environment.GetEnvironmentVariable("PGVERIFY_DB") ?? "pgverify";
var conn = $"{baseConn};Database={dbName}";

if (args.Length > 0 && args[0] == "child")
{
    using var child = BuildSilo(conn, int.Parse(args[1]), int.Parse(args[2]), "silo-B");
    await child.StartAsync();
    Console.WriteLine("CHILD-READY");
    await Task.Delay(Timeout.Infinite);
    return 0;
}

int passed = 0, failed = 0;
void Check(string name, bool ok, string detail = "")
{
    if (ok) passed++; else failed++;
    Console.WriteLine($"[{(ok ? "PASS" : "FAIL")}] {name}{(detail.Length > 0 ? " :: " + detail : "")}");
}
async Task<T?> Scalar<T>(string sql, params (string, object)[] ps)
{
    await using var c = new NpgsqlConnection(conn); await c.OpenAsync();
    await using var cmd = new NpgsqlCommand(sql, c);
    foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
    var r = await cmd.ExecuteScalarAsync();
    return r is null or DBNull ? default : (T)Convert.ChangeType(r, typeof(T));
}
async Task<bool> WaitFor(Func<Task<bool>> cond, TimeSpan timeout)
{
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed < timeout) { try { if (await cond()) return true; } catch { } await Task.Delay(500); }
    return false;
}

// ---- 0. fresh database, schema applied twice through deploy/postgres/apply.sh
{
    await using (var c = new NpgsqlConnection($"{baseConn};Database=postgres"))
    {
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{dbName}\" WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }
    var csb = new NpgsqlConnectionStringBuilder(conn);
    var url = $"postgresql://{csb.Username}@{csb.Host}:{csb.Port}/{dbName}";
    var script = Environment.GetEnvironmentVariable("PGVERIFY_APPLY") ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../apply.sh")); // bin/<config>/net10.0 -> deploy/postgres
    for (var i = 1; i <= 2; i++)
    {
        var p = Process.Start(new ProcessStartInfo("bash", $"{script} {url}") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var so = await p.StandardOutput.ReadToEndAsync(); var se = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Check($"apply.sh run #{i} (exit {p.ExitCode})", p.ExitCode == 0, (so + se).Trim().Replace('\n', ' '));
    }
    var keys = await Scalar<long>("SELECT count(*) FROM OrleansQuery");
    Check("OrleansQuery has 21 keys after two applies (no duplicates)", keys == 21, $"count={keys}");
}

// ---- 1. two-silo cluster: silo A in-process, silo B in a child process (so it can be SIGKILLed)
using var siloA = BuildSilo(conn, 11111, 30000, "silo-A");
await siloA.StartAsync();
Check("silo A started with AdoNet clustering/storage/reminders", true);

var self = Environment.ProcessPath!;
var childArgs = self.EndsWith("dotnet") ? $"{typeof(StateGrain).Assembly.Location} child 11112 30001" : "child 11112 30001";
var childProc = Process.Start(new ProcessStartInfo(self, childArgs) { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["PGVERIFY_DB"] = dbName } })!;
_ = Task.Run(async () => { string? l; while ((l = await childProc.StandardOutput.ReadLineAsync()) != null) if (l.Contains("CHILD-READY") || l.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.WriteLine("  [child] " + l); });
_ = Task.Run(async () => { string? l; while ((l = await childProc.StandardError.ReadLineAsync()) != null) Console.WriteLine("  [child-err] " + l); });

var twoActive = await WaitFor(async () => await Scalar<long>("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId=@d AND Status=3", ("d", ClusterId)) == 2, TimeSpan.FromSeconds(60));
Check("membership: 2 rows with Status=Active(3) in OrleansMembershipTable", twoActive);
var versionRow = await Scalar<int>("SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId=@d", ("d", ClusterId));
Check("membership: version row exists and was bumped by inserts/updates", versionRow >= 4, $"Version={versionRow}");
var gf = siloA.Services.GetRequiredService<IGrainFactory>();
var hostsOk = await WaitFor(async () => (await gf.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(30));
Check("management grain sees 2 active silos (membership read-all path)", hostsOk);
var gws = await Scalar<long>("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId=@d AND Status=3 AND ProxyPort>0", ("d", ClusterId));
Check("gateway rows (ProxyPort>0) present", gws == 2);
var aliveBefore = await Scalar<DateTime>("SELECT max(IAmAliveTime) FROM OrleansMembershipTable WHERE DeploymentId=@d", ("d", ClusterId));

// ---- 2. grain persistence through grains on both silos
var hosts = new HashSet<string>();
for (var i = 0; i < 6; i++)
{
    var g = gf.GetGrain<IStateGrain>($"refund-{i}");
    await g.Set($"value-{i}");
    hosts.Add(await g.Host());
    await g.Deactivate();
}
var n = gf.GetGrain<IStateGrain>(42L);
await n.Set("int-key"); await n.Deactivate();
await Task.Delay(1000);
var allBack = true;
for (var i = 0; i < 6; i++) allBack &= await gf.GetGrain<IStateGrain>($"refund-{i}").Get() == $"value-{i}";
allBack &= await gf.GetGrain<IStateGrain>(42L).Get() == "int-key";
Check("grain state written, grains deactivated, state read back after reactivation", allBack, $"grains lived on {hosts.Count} silo(s)");
var rows = await Scalar<long>("SELECT count(*) FROM OrleansStorage WHERE ServiceId=@s", ("s", ServiceId));
var json = await Scalar<string>("SELECT convert_from(PayloadBinary,'UTF8') FROM OrleansStorage WHERE ServiceId=@s AND GrainIdExtensionString IS NULL", ("s", ServiceId));
Check("OrleansStorage rows written with System.Text.Json payload", rows == 7 && json != null && json.Contains("int-key"), $"rows={rows} payload={json}");
var ver = await Scalar<int>("SELECT Version FROM OrleansStorage WHERE ServiceId=@s AND GrainIdExtensionString IS NULL", ("s", ServiceId));
await n.Set("int-key-2");
var ver2 = await Scalar<int>("SELECT Version FROM OrleansStorage WHERE ServiceId=@s AND GrainIdExtensionString IS NULL", ("s", ServiceId));
Check("second write bumps Version (ETag)", ver2 == ver + 1, $"{ver} -> {ver2}");
await n.Clear();
Check("ClearStateAsync: state reads back as default", await n.Get() == null);
await n.Deactivate(); await Task.Delay(500);
Check("cleared state stays cleared after reactivation", await n.Get() == null);

// ---- 3. ETag conflicts through the provider itself
var storage = siloA.Services.GetRequiredKeyedService<IGrainStorage>("Default");
var gid = GrainId.Create("pgverify-direct", "conflict-1");
var s1 = new GrainState<MyState>(new MyState { Value = "one" });
await storage.WriteStateAsync("direct", gid, s1);
var stale = new GrainState<MyState>(); await storage.ReadStateAsync("direct", gid, stale);
Check("direct write/read round-trip", stale.State!.Value == "one" && stale.RecordExists, $"etag={stale.ETag}");
s1.State!.Value = "two"; await storage.WriteStateAsync("direct", gid, s1);
stale.State.Value = "stale";
try { await storage.WriteStateAsync("direct", gid, stale); Check("stale ETag write -> InconsistentStateException", false, "no exception"); }
catch (InconsistentStateException e) { Check("stale ETag write -> InconsistentStateException", true, e.Message.Split('.')[0]); }
try { await storage.WriteStateAsync("direct", gid, new GrainState<MyState>(new MyState { Value = "dup" })); Check("first-write (null ETag) over existing row -> InconsistentStateException", false, "no exception"); }
catch (InconsistentStateException) { Check("first-write (null ETag) over existing row -> InconsistentStateException", true); }
try { await storage.ClearStateAsync("direct", gid, stale); Check("clear with stale ETag -> InconsistentStateException", false, "no exception"); }
catch (InconsistentStateException) { Check("clear with stale ETag -> InconsistentStateException", true); }
var fresh = new GrainState<MyState>(); await storage.ReadStateAsync("direct", gid, fresh);
Check("stale writers did not overwrite state", fresh.State!.Value == "two");
var dupRows = await Scalar<long>("SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString IS NULL AND GrainTypeString LIKE '%pgverify-direct%'");
// DeleteStateOnClear=true provider -> DeleteStorageKey
var del = siloA.Services.GetRequiredKeyedService<IGrainStorage>("Deleting");
var gid2 = GrainId.Create("pgverify-direct", "delete-1");
var d1 = new GrainState<MyState>(new MyState { Value = "to-delete" });
await del.WriteStateAsync("direct", gid2, d1);
var before = await Scalar<long>("SELECT count(*) FROM OrleansStorage WHERE ServiceId=@s", ("s", ServiceId));
await del.ClearStateAsync("direct", gid2, d1);
var after = await Scalar<long>("SELECT count(*) FROM OrleansStorage WHERE ServiceId=@s", ("s", ServiceId));
Check("DeleteStateOnClear=true uses DeleteStorageKey: row removed", after == before - 1 && d1.ETag == null, $"{before}->{after}");
var d2 = new GrainState<MyState>(new MyState { Value = "again" });
await del.WriteStateAsync("direct", gid2, d2);
Check("write after delete starts a new row (null ETag insert)", d2.ETag == "1", $"etag={d2.ETag}");

// ---- 4. reminders
var rg = gf.GetGrain<IReminderGrain>("rem-1");
await rg.Start();
var remRow = await Scalar<long>("SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId=@s AND ReminderName='tick'", ("s", ServiceId));
Check("reminder registered: row in OrleansRemindersTable", remRow == 1);
var fired = await WaitFor(async () => await rg.Fires() >= 2, TimeSpan.FromSeconds(40));
Check("reminder fired at least twice", fired, $"fires={await rg.Fires()} on {await rg.Host()}");
var remTable = siloA.Services.GetRequiredService<IReminderTable>();
var rrows = await remTable.ReadRows(rg.GetGrainId());
Check("IReminderTable.ReadRows(grain) returns the reminder", rrows.Reminders.Count == 1 && rrows.Reminders[0].Period == TimeSpan.FromSeconds(2));
var ring = await remTable.ReadRows(0u, 0u); // full ring, wrapping form
var ring1 = await remTable.ReadRows(0x10u, 0x7FFF0000u);
var ring2 = await remTable.ReadRows(0x7FFF0000u, 0x10u);
Check("range reads (ReadRangeRows1Key/2Key) partition the ring", ring1.Reminders.Count + ring2.Reminders.Count >= 1 && ring.Reminders.Count >= 1, $"all={ring.Reminders.Count} r1={ring1.Reminders.Count} r2={ring2.Reminders.Count}");
await rg.Stop();
var remGone = await Scalar<long>("SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId=@s AND ReminderName='tick'", ("s", ServiceId));
Check("reminder unregistered: row deleted (DeleteReminderRowKey w/ ETag)", remGone == 0);
var e0 = await remTable.UpsertRow(new ReminderEntry { GrainId = GrainId.Create("x", "y"), ReminderName = "big", StartAt = DateTime.UtcNow, Period = TimeSpan.FromDays(40) });
var stillOk = await remTable.RemoveRow(GrainId.Create("x", "y"), "big", "999");
var ok2 = await remTable.RemoveRow(GrainId.Create("x", "y"), "big", e0!);
Check("long period (> int ms) upsert; remove with wrong ETag refused, right ETag accepted", !stillOk && ok2, $"etag={e0}");

// ---- 5. heartbeats
var aliveAfter = await Scalar<DateTime>("SELECT max(IAmAliveTime) FROM OrleansMembershipTable WHERE DeploymentId=@d", ("d", ClusterId));
Check("heartbeats advance IAmAliveTime (UpdateIAmAlivetimeKey)", aliveAfter > aliveBefore, $"{aliveBefore:O} -> {aliveAfter:O}");

// ---- 6. kill silo B without shutdown -> declared Dead -> defunct cleanup
childProc.Kill(entireProcessTree: true);
await childProc.WaitForExitAsync();
var dead = await WaitFor(async () => await Scalar<long>("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId=@d AND Port=11112 AND Status=6", ("d", ClusterId)) == 1, TimeSpan.FromSeconds(90));
var suspects = await Scalar<string>("SELECT SuspectTimes FROM OrleansMembershipTable WHERE DeploymentId=@d AND Port=11112", ("d", ClusterId));
Check("killed silo B declared Dead(6) by silo A via UpdateMembershipKey", dead, $"SuspectTimes={suspects}");
var mt = siloA.Services.GetRequiredService<IMembershipTable>();
await Task.Delay(1500);
await mt.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMilliseconds(500), CancellationToken.None);
var bGone = await Scalar<long>("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId=@d AND Port=11112", ("d", ClusterId));
var aStays = await Scalar<long>("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId=@d AND Port=11111 AND Status=3", ("d", ClusterId));
Check("IMembershipTable.CleanupDefunctSiloEntriesAsync removed the dead row (CleanupDefunctSiloEntryKey), kept the active one", bGone == 0 && aStays == 1, $"B rows={bGone}, A active={aStays}");

// legacy bulk key (used by providers when CleanupDefunctSiloEntryKey is absent), executed as stored
{
    var text = await Scalar<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey='CleanupDefunctSiloEntriesKey'");
    await using var c = new NpgsqlConnection(conn); await c.OpenAsync();
    var old = DateTime.UtcNow.AddHours(-2);
    await using (var seed = new NpgsqlCommand(@"INSERT INTO OrleansMembershipVersionTable(DeploymentId) VALUES ('legacy');
        INSERT INTO OrleansMembershipTable VALUES
        ('legacy','10.0.0.1',1,1,'dead','h',6,0,NULL,@o,@o),
        ('legacy','10.0.0.1',2,1,'suspected','h',6,0,'x,y',@o,@o),
        ('legacy','10.0.0.1',3,1,'active','h',3,0,NULL,@o,@o),
        ('legacy','10.0.0.1',4,1,'recent-dead','h',6,0,NULL,@o,now())", c))
    { seed.Parameters.AddWithValue("o", old); await seed.ExecuteNonQueryAsync(); }
    await using (var cmd = new NpgsqlCommand(text, c))
    { cmd.Parameters.AddWithValue("DeploymentId", "legacy"); cmd.Parameters.AddWithValue("IAmAliveTime", DateTime.UtcNow.AddHours(-1)); await cmd.ExecuteNonQueryAsync(); }
    var left = await Scalar<string>("SELECT string_agg(SiloName, ',' ORDER BY Port) FROM OrleansMembershipTable WHERE DeploymentId='legacy'");
    Check("CleanupDefunctSiloEntriesKey (bulk) deletes only old, unsuspected Dead rows", left == "suspected,active,recent-dead", left ?? "");
}

// ---- 7. graceful shutdown of silo A marks it Dead
await siloA.StopAsync();
var aDead = await Scalar<long>("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId=@d AND Port=11111 AND Status=6", ("d", ClusterId));
Check("graceful shutdown of silo A: row Status=Dead(6)", aDead == 1);

Console.WriteLine();
Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

static IHost BuildSilo(string conn, int siloPort, int gwPort, string name) =>
    Host.CreateDefaultBuilder()
        .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans.Runtime.MembershipService", LogLevel.Warning))
        .UseOrleans(sb =>
        {
            sb.Configure<ClusterOptions>(o => { o.ClusterId = ClusterId; o.ServiceId = ServiceId; });
            sb.Configure<SiloOptions>(o => o.SiloName = name);
            sb.ConfigureEndpoints(IPAddress.Loopback, siloPort, gwPort);
            sb.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = conn; });
            sb.AddAdoNetGrainStorage("Default", o => { o.Invariant = "Npgsql"; o.ConnectionString = conn; });
            sb.AddAdoNetGrainStorage("Deleting", o => { o.Invariant = "Npgsql"; o.ConnectionString = conn; o.DeleteStateOnClear = true; });
            sb.UseSystemTextJsonGrainStorageSerializer();
            sb.UseAdoNetReminderService(o => { o.Invariant = "Npgsql"; o.ConnectionString = conn; });
            sb.Configure<ReminderOptions>(o => { o.MinimumReminderPeriod = TimeSpan.FromSeconds(1); o.RefreshReminderListPeriod = TimeSpan.FromSeconds(5); });
            sb.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(3);
                o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
            });
        })
        .Build();

[GenerateSerializer]
public class MyState { [Id(0)] public string? Value { get; set; } }

public interface IStateGrain : IGrainWithStringKey, IGrainWithIntegerKey
{
    Task Set(string v); Task<string?> Get(); Task Clear(); Task Deactivate(); Task<string> Host();
}

public class StateGrain([PersistentState("s", "Default")] IPersistentState<MyState> state) : Grain, IStateGrain
{
    public async Task Set(string v) { state.State.Value = v; await state.WriteStateAsync(); }
    public Task<string?> Get() => Task.FromResult(state.State.Value);
    public Task Clear() => state.ClearStateAsync();
    public Task Deactivate() { this.DeactivateOnIdle(); return Task.CompletedTask; }
    public Task<string> Host() => Task.FromResult(this.RuntimeIdentity);
}

public interface IReminderGrain : IGrainWithStringKey
{
    Task Start(); Task Stop(); Task<int> Fires(); Task<string> Host();
}

public class ReminderGrain : Grain, IReminderGrain, IRemindable
{
    private int fires;
    public Task Start() => this.RegisterOrUpdateReminder("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    public async Task Stop() { var r = await this.GetReminder("tick"); if (r != null) await this.UnregisterReminder(r); }
    public Task<int> Fires() => Task.FromResult(fires);
    public Task<string> Host() => Task.FromResult(this.RuntimeIdentity);
    public Task ReceiveReminder(string name, TickStatus status) { fires++; return Task.CompletedTask; }
}
