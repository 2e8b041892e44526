using Gatehouse.Functions.Hosting;

#if !STANDALONE_ONLY
// Started by the Functions host, Gatehouse is its isolated worker; started alone, the same routes on Kestrel.
// (A Native AOT build has no worker: see Gatehouse.Functions.csproj.)
var environment = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
if (WorkerHost.IsStartedByFunctionsHost(args, environment))
{
    await WorkerHost.Build(args).RunAsync();
    return;
}
#endif

await StandaloneHost.Build(WebApplication.CreateSlimBuilder(args)).RunAsync();
