using System.Net;
using System.Text;
using Gatehouse.Bench;
using Gatehouse.Testing;

// `npm run bench`: Release publishes, Azurite, the handler and the baseline, seeded bindings, wrk, a table.
if (args.Contains("--help"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

foreach (var tool in (string[])[Wrk.Binary, NginxProcess.Binary])
{
    if (!File.Exists(tool))
    {
        Console.Error.WriteLine($"{tool} is missing: apt-get install -y wrk nginx");
        return 2;
    }
}

var startedAt = DateTimeOffset.UtcNow;
var loadAtStart = Machine.LoadAverage();
var output = Path.Combine(RepositoryRoot.Path, "artifacts", "bench");
Directory.CreateDirectory(output);

// Issue #11 item 7: the worker under the host double (its cases and its cold start need the bare worker too).
var workerCases = options.Runs(Cases.WorkerToken);
var standaloneColdStart = options.RunsGroup(Cases.ColdStartStandalone);
var workerColdStart = options.RunsGroup(Cases.ColdStartWorker);
var coldStartModes = options.Modes.Where(mode => standaloneColdStart || (workerColdStart && mode != PublishMode.NativeAot)).ToList();

Console.WriteLine($"Publishing Release builds of the handler, the baseline{(workerCases || workerColdStart ? " and the bare worker" : string.Empty)}...");
var published = new List<PublishedPair>();
foreach (var mode in coldStartModes.Prepend(PublishMode.FrameworkDependent).Distinct())
{
    var pair = await Publisher.PublishAsync(mode, output, bareWorker: workerCases || (workerColdStart && coldStartModes.Contains(mode)));
    Console.WriteLine($"  {mode.Label()}: {pair.Failure ?? "published"}");
    published.Add(pair);
}

var served = published[0];
if (!served.Succeeded)
{
    Console.Error.WriteLine(served.Failure);
    return 1;
}

var settings = new HandlerSettings();
await using var mainStorage = await AzuriteProcess.StartAsync();
await using var smallStorage = await AzuriteProcess.StartAsync();
await using var largeStorage = await AzuriteProcess.StartAsync();
await using var baseline = StandaloneProcess.Start(served.Baseline, "baseline", new Dictionary<string, string>());
await using var handler = StandaloneProcess.Start(served.Handler, "gatehouse", settings.For(mainStorage.ConnectionString));
await using var smallHandler = StandaloneProcess.Start(served.Handler, "gatehouse", settings.For(smallStorage.ConnectionString, cached: false));
await using var largeHandler = StandaloneProcess.Start(served.Handler, "gatehouse", settings.For(largeStorage.ConnectionString, cached: false));

// The same as the main handler but for the hashing threads' priority (nice 0, not the shipped 10): what it buys, measured.
await using var normalPriorityHandler = StandaloneProcess.Start(served.Handler, "gatehouse", settings.For(mainStorage.ConnectionString, hashingNice: 0));
foreach (var app in (StandaloneProcess[])[baseline, handler, smallHandler, largeHandler, normalPriorityHandler])
{
    await app.WaitForAsync("/", HttpStatusCode.OK);
}

var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{HandlerSettings.UserName}:{settings.Password}"));
using var client = new HttpClient();
async Task<string> HandshakeAsync(string path)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(handler.BaseAddress, path));
    request.Headers.TryAddWithoutValidation("Authorization", basic);
    using var response = await client.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return await response.Content.ReadAsStringAsync();
}

static string HandshakePath(string device) => $"/authentication/token?applicationName=bench&deviceId={device}&permission=rw";
var token = await HandshakeAsync(HandshakePath("bench-device"));
var revoked = await HandshakeAsync(HandshakePath("revoked-device"));
await HandshakeAsync(HandshakePath("revoked-device") + "&revoke=true");

// Asked as the nginx recipe asks: the original request in X-Original-* (the default source).
const string Protected = "/authorize";
string[] original = ["X-Original-Method: GET", "X-Original-URI: /api/things"];
var tokenHeader = "X-Authentication-Token: " + token;

// The published handler folder is a function app too: the same build, started by the double, is the worker.
await using var worker = workerCases ? await HostedWorker.StartAsync(served.Handler, settings.For(mainStorage.ConnectionString)) : null;
await using var bareWorker = workerCases ? await HostedWorker.StartAsync(served.BareWorker!, new Dictionary<string, string>()) : null;
if (worker is not null && bareWorker is not null)
{
    await worker.WaitForAsync(Protected, HttpStatusCode.OK, [.. original.Concat([tokenHeader, worker.KeyHeader]).Select(Header)]);
    await bareWorker.WaitForAsync(ColdStart.BareWorkerPath, HttpStatusCode.OK, []);
}

static KeyValuePair<string, string> Header(string line) => KeyValuePair.Create(line[..line.IndexOf(':', StringComparison.Ordinal)], line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());

// With --cases, only the small set is seeded (when a cache-off case is selected): the large one takes minutes.
var seedLarge = options.Cases is null;
var seedSmall = seedLarge || options.Runs(Cases.MissSmall) || options.Runs(Cases.MissLarge);
var seeded = new SeededSet[2];
if (seedSmall)
{
    Console.WriteLine($"Seeding {BenchOptions.SmallBindings:N0}{(seedLarge ? $" and {options.Bindings:N0}" : string.Empty)} bindings...");
    var seeding = System.Diagnostics.Stopwatch.StartNew();
    var small = TokenSeeder.SeedAsync(settings, smallStorage.ConnectionString, BenchOptions.SmallBindings, Path.Combine(output, "tokens-small.txt"));
    var large = seedLarge ? TokenSeeder.SeedAsync(settings, largeStorage.ConnectionString, options.Bindings, Path.Combine(output, "tokens-large.txt")) : small;
    seeded = await Task.WhenAll(small, large);
    Console.WriteLine($"  seeded in {seeding.Elapsed.TotalSeconds:N0} s");
}

await using var nginxDirect = await NginxProcess.StartAsync(handler.BaseAddress.Port, baseline.BaseAddress.Port, throughAuthorizer: false);
await using var nginxAuthorized = await NginxProcess.StartAsync(handler.BaseAddress.Port, baseline.BaseAddress.Port);
await using var nginxZeroCost = await NginxProcess.StartAsync(baseline.BaseAddress.Port, baseline.BaseAddress.Port);

// Portal signatures are single-use (replay protection is on, as shipped): a fresh file each run, with more
// lines than a run can send.
var portalLines = 20_000 * (int)options.Duration.TotalSeconds;
var portalFile = Path.Combine(output, "portal-headers.txt");
Load[] loads =
[
    new(Cases.Baseline, new Uri(baseline.BaseAddress, "/api/things"), [], ExpectSuccess: true),
    new(Cases.HandlerRoot, new Uri(handler.BaseAddress, "/"), [], ExpectSuccess: true),
    new(Cases.Token, new Uri(handler.BaseAddress, Protected), [.. original, tokenHeader], ExpectSuccess: true),

    // Issue #11 item 7: the same pair at 32 connections, as an outside harness loads it.
    new(Cases.Baseline32, new Uri(baseline.BaseAddress, "/api/things"), [], ExpectSuccess: true, Connections: 32),
    new(Cases.Token32, new Uri(handler.BaseAddress, Protected), [.. original, tokenHeader], ExpectSuccess: true, Connections: 32),
    new(Cases.Basic, new Uri(handler.BaseAddress, Protected), [.. original, "Authorization: " + basic], ExpectSuccess: true),
    new(Cases.Portal, new Uri(handler.BaseAddress, Protected), original, ExpectSuccess: true)
    {
        HeaderFile = () => PortalSigner.WriteHeaderFile(portalFile, settings.PortalSecret, HandlerSettings.UserName, portalLines),
    },
    new(Cases.UnknownToken, new Uri(handler.BaseAddress, Protected), [.. original, "X-Authentication-Token: " + revoked], ExpectSuccess: false),
    new(Cases.MissSmall, new Uri(smallHandler.BaseAddress, Protected), original, ExpectSuccess: true) { HeaderFile = () => seeded[0].TokenFile },
    new(Cases.MissLarge, new Uri(largeHandler.BaseAddress, Protected), original, ExpectSuccess: true) { HeaderFile = () => seeded[1].TokenFile },
    new(Cases.Handshake, new Uri(handler.BaseAddress, HandshakePath("bench-device")), ["Authorization: " + basic], ExpectSuccess: true),
    new(Cases.HandshakeHashing, new Uri(smallHandler.BaseAddress, HandshakePath("hashing-device")), ["Authorization: " + basic], ExpectSuccess: true, Connections: 2),
    new(Cases.NginxDirect, new Uri($"http://127.0.0.1:{nginxDirect.Port}/api/things"), [], ExpectSuccess: true),
    new(Cases.NginxAuthorized, new Uri($"http://127.0.0.1:{nginxAuthorized.Port}/api/things"), [tokenHeader], ExpectSuccess: true),
    new(Cases.NginxZeroCost, new Uri($"http://127.0.0.1:{nginxZeroCost.Port}/api/things"), [tokenHeader], ExpectSuccess: true),

    // Issue #10: cached token decisions while 32 connections send wrong passwords as fast as they are answered.
    new(Cases.FloodTargeted, new Uri(handler.BaseAddress, Protected), [.. original, tokenHeader], ExpectSuccess: true)
    {
        Background = Flood(Cases.FloodTargetedLoad, handler, () => PasswordFlood.WriteTargeted(Path.Combine(output, "flood-targeted.txt"), "targeted")),
    },
    new(Cases.FloodSpray, new Uri(handler.BaseAddress, Protected), [.. original, tokenHeader], ExpectSuccess: true)
    {
        Background = Flood(Cases.FloodSprayLoad, handler, () => PasswordFlood.WriteSpray(Path.Combine(output, "flood-spray.txt"), "spray")),
    },
    new(Cases.TokenNormalPriority, new Uri(normalPriorityHandler.BaseAddress, Protected), [.. original, tokenHeader], ExpectSuccess: true),
    new(Cases.FloodSprayNormalPriority, new Uri(normalPriorityHandler.BaseAddress, Protected), [.. original, tokenHeader], ExpectSuccess: true)
    {
        Background = Flood(Cases.FloodSprayNormalPriorityLoad, normalPriorityHandler, () => PasswordFlood.WriteSpray(Path.Combine(output, "flood-spray-normal.txt"), "spray-normal")),
    },

    // Issue #11 item 7: the worker under the host double (a gateway's call: the function key in x-functions-key),
    // against the bare worker's one function under the same double.
    .. worker is not null && bareWorker is not null
        ? (Load[])
        [
            new(Cases.WorkerBare, new Uri(bareWorker.BaseAddress, ColdStart.BareWorkerPath), [], ExpectSuccess: true),
            new(Cases.WorkerToken, new Uri(worker.BaseAddress, Protected), [.. original, tokenHeader, worker.KeyHeader], ExpectSuccess: true),
        ]
        : [],
];
loads = [.. loads.Where(load => options.Runs(load.Name) && (seedLarge || load.Name != Cases.MissLarge))];

Load Flood(string name, StandaloneProcess target, Func<string> headerFile) =>
    new(name, new Uri(target.BaseAddress, Protected), original, ExpectSuccess: false, Connections: PasswordFlood.Connections) { HeaderFile = headerFile, IsAttack = true };

Console.WriteLine($"Throughput: {loads.Length} cases × {options.Rounds} rounds × {options.Duration.TotalSeconds:N0} s...");
var throughput = await Throughput.MeasureAsync(loads, options);
var smallReads = new List<StorageReads>();
var largeReads = new List<StorageReads>();
for (var round = 0; round < options.Rounds && seedLarge; round++)
{
    smallReads.Add(await StorageCeiling.MeasureAsync(smallStorage.ConnectionString, seeded[0].HashRows, options.Duration));
    largeReads.Add(await StorageCeiling.MeasureAsync(largeStorage.ConnectionString, seeded[1].HashRows, options.Duration));
}

static StorageReads? Median(List<StorageReads> runs) => runs.Count == 0 ? null : new(Summary.Median(runs.Select(r => r.PerSecond)), Summary.Median(runs.Select(r => r.P99Ms)));
if (seedLarge)
{
    Console.WriteLine($"  Azurite alone, hash rows by the SDK: small {string.Join(", ", smallReads)}; large {string.Join(", ", largeReads)}");
}
(string, double)[] memory =
[
    ("handler, caches on (all cached cases, portal, handshake, nginx)", handler.PeakWorkingSetMB()),
    ($"handler, caches off, {BenchOptions.SmallBindings:N0} bindings (+ password hashing)", smallHandler.PeakWorkingSetMB()),
    ($"handler, caches off, {options.Bindings:N0} bindings", largeHandler.PeakWorkingSetMB()),
    ("handler, hashing at nice 0 (its flood cases)", normalPriorityHandler.PeakWorkingSetMB()),
    ("baseline", baseline.PeakWorkingSetMB()),
    .. worker is not null && bareWorker is not null
        ? (IEnumerable<(string, double)>)
        [
            ("worker under the host double (its cached token case)", worker.PeakWorkingSetMB()),
            ("bare worker under the host double", bareWorker.PeakWorkingSetMB()),
        ]
        : [],
];

Console.WriteLine($"Cold start: {options.ColdStartRuns} starts per app and mode...");
var coldStarts = new List<ColdStartResult>();
foreach (var pair in published.Where(pair => coldStartModes.Contains(pair.Mode)))
{
    if (standaloneColdStart)
    {
        coldStarts.Add(await ColdStart.MeasureAsync(pair, settings.For(mainStorage.ConnectionString), token, options.ColdStartRuns));
    }

    if (workerColdStart && pair.Mode != PublishMode.NativeAot)
    {
        coldStarts.Add(await ColdStart.MeasureWorkerAsync(pair, settings.For(mainStorage.ConnectionString), token, options.ColdStartRuns));
    }
}

RevocationResults? revocation = null;
if (options.RunsGroup(Cases.Revocation))
{
    Console.WriteLine($"Revocation: two instances, {options.Trials} trials per kind of change...");
    revocation = await RevocationPropagation.MeasureAsync(served.Handler, settings, options.Trials, output);
}

var commandLine = string.Join(' ', ["npm run bench", .. args]);
var (markdown, missed) = Report.Render(new BenchResults(options, commandLine, startedAt, throughput, Median(smallReads), Median(largeReads), coldStarts, memory, loadAtStart, revocation));
var resultsFile = Path.Combine(output, "RESULTS.md");
await File.WriteAllTextAsync(resultsFile, markdown);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"Written to {Path.GetRelativePath(RepositoryRoot.Path, resultsFile)}. Targets missed: {missed}.");
return 0;
