using Gatehouse.Functions.Hosting;

// Started by the Functions host, Gatehouse is its isolated worker; started alone, the same routes on Kestrel.
var environment = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
if (WorkerHost.IsStartedByFunctionsHost(args, environment))
{
    await WorkerHost.Build(args).RunAsync();
}
else
{
    await StandaloneHost.Build(WebApplication.CreateSlimBuilder(args)).RunAsync();
}
